#!/usr/bin/env python3
"""Delivery throughput end to end, all on loopback, Postage and Postfix in the same run.

    .venv-test/bin/python bench/delivery.py [--messages 10000] [--no-postfix]
    .venv-test/bin/python bench/delivery.py --backlog 100000 [--postfix-backlog 100000]

End to end (default): N messages (2 KB text) accepted through /email/batch are delivered by
`postage serve` (api + delivery roles, SQLite) into Postfix's smtp-sink, with MX lookups answered by
dnsmasq. Prints accepted/s and delivered/s: from the first accept to the N-th message in the sink's
dump directory, and to the moment the API shows no message Queued. Then the Postfix baseline
(bench/postfix_relay.py): smtp-source (20 sessions, 2 KiB) into a private Postfix relaying to an
identical smtp-sink, from the first submission to the N-th message in the sink, and the ratio.

Backlog (--backlog N): Postage with POSTAGE_ROLES=api accepts N messages (nothing delivers), stops;
then `postage serve` with POSTAGE_ROLES=delivery only drains them into smtp-sink. Drain rate = N /
(process start .. N-th message in the sink); memory = VmRSS of the process every 0.5 s (max,
median) and its VmHWM. Then Postfix drains an M-message backlog (--postfix-backlog, default N) from
an accept-only instance into smtp-sink (bench/postfix_relay.py --backlog) and the ratio is printed.

Uses the e2e harness (tests/e2e) for the server and the peers; `.build-release/release/postage`
unless POSTAGE_BIN is set. Run as root (smtp-sink -u nobody, Postfix's master).
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "e2e"))
sys.path.insert(0, str(REPO / "bench"))

import postfix_relay  # noqa: E402
import test_delivery as td  # noqa: E402
from harness import Database, PostageServer, poll, postage_binary  # noqa: E402


def accept(server, messages: int) -> float:
    """Posts messages 500 per /email/batch call; returns the seconds it took."""
    api = server.api()
    started = time.monotonic()
    for start in range(0, messages, 500):
        batch = [{"From": "bench@postage.test", "To": f"r{i}@deliver.test", "Subject": f"bench {i}",
                  "TextBody": "x" * 2000} for i in range(start, min(start + 500, messages))]
        response = api.request("POST", "/email/batch", server=server.server_token, json_body=batch)
        assert response.status_code == 200, response.text[:300]
        assert all(item["ErrorCode"] == 0 for item in response.json()), response.text[:300]
    return time.monotonic() - started


def none_queued(server) -> bool:
    body = server.api().request("GET", "/messages/outbound", server=server.server_token,
                                params={"count": 1, "offset": 0, "status": "queued"}).json()
    return body["TotalCount"] == 0


def status_kib(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def postage_end_to_end(messages: int) -> dict:
    root = Path(tempfile.mkdtemp(prefix="postage-delivery-bench-"))
    root.chmod(0o755)
    world = td.MailWorld(root)
    server = PostageServer(Database.create("sqlite", root / "db"), root / "server",
                           extra_env=dict(world.env, POSTAGE_LOG_LEVEL="warning"))
    server.start()
    try:
        started = time.monotonic()
        accepted = started + accept(server, messages)
        in_sink = postfix_relay.wait_files(world.dump_dir("mx1"), messages, 3600, 0.05)
        poll(lambda: none_queued(server), 3600, interval=0.5, message="every message Sent")
        done = time.monotonic()
        return {"messages": messages, "accept_per_s": messages / (accepted - started),
                "end_to_end_per_s": messages / (in_sink - started), "api_sent_per_s": messages / (done - started),
                "seconds": in_sink - started}
    finally:
        server.stop()
        world.close()
        shutil.rmtree(root, ignore_errors=True)


def postage_backlog(messages: int) -> dict:
    root = Path(tempfile.mkdtemp(prefix="postage-backlog-bench-"))
    root.chmod(0o755)
    world = td.MailWorld(root)
    server = PostageServer(Database.create("sqlite", root / "db"), root / "server",
                           extra_env=dict(world.env, POSTAGE_LOG_LEVEL="warning", POSTAGE_ROLES="api"))
    dump = world.dump_dir("mx1")
    proc = None
    try:
        server.start()
        accept_seconds = accept(server, messages)
        server.stop()
        assert postfix_relay.count_files(dump) == 0, "the api role delivered something"

        env = server.environment()
        env["POSTAGE_ROLES"] = "delivery"
        log = open(root / "server" / "drain.stderr.log", "wb")
        started = time.monotonic()
        proc = subprocess.Popen([str(postage_binary()), "serve"], cwd=server.workdir, env=env,
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log)
        with postfix_relay.MemorySampler(lambda: status_kib(proc.pid, "VmRSS")) as memory:
            done = postfix_relay.wait_files(dump, messages, 7200, 0.2 if messages > 20000 else 0.05)
        hwm = status_kib(proc.pid, "VmHWM")
        proc.send_signal(signal.SIGTERM)
        proc.wait(60)
        log.close()

        server.start()  # api only again: check that the database agrees with the sink
        poll(lambda: none_queued(server), 60, interval=0.5, message="no message Queued after the drain")
        server.stop()
        return {"messages": messages, "accept_per_s": messages / accept_seconds,
                "drain_per_s": messages / (done - started), "seconds": done - started,
                "memory": f"rss {memory.summary()} hwm={hwm / 1024:.0f}MiB"}
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
        if server.running():
            server.stop()
        world.close()
        shutil.rmtree(root, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=10000)
    parser.add_argument("--backlog", type=int, metavar="N", help="measure the drain of an N-message backlog")
    parser.add_argument("--postfix-backlog", type=int, metavar="M", help="Postfix's backlog size (default N)")
    parser.add_argument("--no-postfix", action="store_true", help="skip the Postfix baseline")
    args = parser.parse_args()
    os.environ.setdefault("POSTAGE_BIN", str(REPO / ".build-release" / "release" / "postage"))

    if args.backlog:
        p = postage_backlog(args.backlog)
        print(f"POSTAGE_BACKLOG messages={p['messages']} accept_per_s={p['accept_per_s']:.0f} "
              f"drain_per_s={p['drain_per_s']:.0f} seconds={p['seconds']:.1f} {p['memory']}", flush=True)
        if args.no_postfix:
            return
        f = postfix_relay.backlog_drain(args.postfix_backlog or args.backlog)
        print(f"POSTFIX_BACKLOG messages={f['messages']} accept_per_s={f['accept_per_s']:.0f} "
              f"drain_per_s={f['drain_per_s']:.0f} seconds={f['seconds']:.1f} left_in_queue={f['left_in_queue']} "
              f"pss {f['memory']}", flush=True)
        print(f"BACKLOG_RATIO postage/postfix drain={p['drain_per_s'] / f['drain_per_s']:.2f}")
        return

    p = postage_end_to_end(args.messages)
    print(f"DELIVERY messages={p['messages']} accept_per_s={p['accept_per_s']:.0f} "
          f"end_to_end_per_s={p['end_to_end_per_s']:.0f} api_sent_per_s={p['api_sent_per_s']:.0f} "
          f"seconds={p['seconds']:.1f}", flush=True)
    if args.no_postfix:
        return
    f = postfix_relay.relay_rate(args.messages)
    print(f"POSTFIX_DELIVERY messages={f['messages']} submit_per_s={f['submit_per_s']:.0f} "
          f"end_to_end_per_s={f['end_to_end_per_s']:.0f} seconds={f['seconds']:.1f}", flush=True)
    print(f"DELIVERY_RATIO postage/postfix end_to_end={p['end_to_end_per_s'] / f['end_to_end_per_s']:.2f} "
          f"(goal >= 5)")


if __name__ == "__main__":
    main()
