#!/usr/bin/env python3
"""Postfix baselines for the delivery benchmark, all on loopback (BENCHMARKS.md, "Delivery end to end").

    python3 bench/postfix_relay.py [--messages 5000] [--sessions 20] [--size 2048]
    python3 bench/postfix_relay.py --backlog 100000

End to end: smtp-source (20 sessions, 2 KiB bodies) submits N messages into a private Postfix
instance (scripts/postfix-instance.sh, relay mode) that relays every one to smtp-sink. The rate is
N divided by the time from starting smtp-source to the N-th dump file in the sink's directory.

Backlog: smtp-source fills an accept-only instance (smtpd writes each message durably to incoming/,
queue manager off), the queue file count is checked to be N, then `postfix-instance.sh release`
starts the queue manager and the drain rate is N divided by the time from the release to the N-th
dump file. Memory while draining: the PSS (proportional set size, shared library pages split
between the processes) of the instance's master and all its children, sampled every 0.5 s.

Addresses: smtp-sink on 127.0.0.41, the relay instance on 127.0.0.42, the accept-only instance on
127.0.0.43, each on a free port (the e2e tests use 127.0.0.21-26). Everything it starts is stopped
on exit. bench/delivery.py imports this module to print Postage and Postfix side by side. Run as
root (Postfix's master and smtp-sink's -u nobody need it).
"""
import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
INSTANCE = REPO / "scripts" / "postfix-instance.sh"
SMTP_SINK = shutil.which("smtp-sink") or "/usr/sbin/smtp-sink"
SMTP_SOURCE = shutil.which("smtp-source") or "/usr/sbin/smtp-source"

SINK_HOST = "127.0.0.41"
RELAY_HOST = "127.0.0.42"
ACCEPT_HOST = "127.0.0.43"


def free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def wait_greeting(host: str, port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection((host, port), timeout=1) as s:
                s.settimeout(2)
                if s.recv(512).startswith(b"220"):
                    s.sendall(b"QUIT\r\n")
                    return
        except OSError:
            pass
        if time.monotonic() >= deadline:
            raise RuntimeError(f"nothing greets on {host}:{port}")
        time.sleep(0.05)


def count_files(directory: Path) -> int:
    with os.scandir(directory) as entries:
        return sum(1 for _ in entries)


def wait_files(directory: Path, n: int, timeout: float, interval: float) -> float:
    """Polls until directory holds n files; returns time.monotonic() of the first poll that saw them."""
    deadline = time.monotonic() + timeout
    while True:
        if count_files(directory) >= n:
            return time.monotonic()
        if time.monotonic() >= deadline:
            raise RuntimeError(f"only {count_files(directory)} of {n} messages reached {directory} in {timeout}s")
        time.sleep(interval)


def pss_kib(pid: int) -> int:
    """PSS of one process in KiB (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def process_tree(root_pid: int) -> list[int]:
    """root_pid and its direct children (Postfix's master forks every daemon itself)."""
    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == root_pid:
                    children.append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    return [root_pid] + children


class MemorySampler:
    """Samples a memory figure (KiB) every interval seconds in a thread; max and median at the end."""

    def __init__(self, measure, interval: float = 0.5):
        self.measure, self.interval = measure, interval
        self.samples: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            value = self.measure()
            if value:
                self.samples.append(value)
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def summary(self) -> str:
        if not self.samples:
            return "no samples"
        return (f"max={max(self.samples) / 1024:.0f}MiB median={statistics.median(self.samples) / 1024:.0f}MiB "
                f"samples={len(self.samples)}")


class PostfixBench:
    """The sink and the Postfix instances of one benchmark run, under one throwaway directory."""

    def __init__(self, root: Path | None = None):
        self.root = Path(root or tempfile.mkdtemp(prefix="postfix-bench-"))
        self.root.mkdir(parents=True, exist_ok=True)
        self.root.chmod(0o755)  # the postfix user reaches its queue and nobody writes sink dumps
        self.sinks: list[subprocess.Popen] = []
        self.instances: list[Path] = []

    def sink(self, name: str, host: str = SINK_HOST) -> tuple[str, Path]:
        """smtp-sink with the flags the e2e MailWorld uses (one dump file per message); returns
        (host:port, dump directory)."""
        dump = self.root / f"dump-{name}"
        dump.mkdir()
        dump.chmod(0o777)
        port = free_port(host)
        self.sinks.append(subprocess.Popen(
            [SMTP_SINK, "-u", "nobody", "-h", f"{name}.test", "-d", f"{dump}/%M.", f"{host}:{port}", "64"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_greeting(host, port)
        return f"{host}:{port}", dump

    def instance(self, name: str, mode: str, host: str, relay_to: str, concurrency: int = 20) -> tuple[str, Path]:
        directory = self.root / name
        port = free_port(host)
        self.instances.append(directory)
        subprocess.run(["bash", str(INSTANCE), "start", str(directory), "--listen", f"{host}:{port}",
                        "--relay-to", relay_to, "--mode", mode, "--concurrency", str(concurrency)],
                       check=True, stdout=subprocess.DEVNULL)
        return f"{host}:{port}", directory

    def release(self, directory: Path) -> None:
        subprocess.run(["bash", str(INSTANCE), "release", str(directory)], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)

    def queue_count(self, directory: Path) -> dict:
        out = subprocess.run(["bash", str(INSTANCE), "count", str(directory)], check=True, capture_output=True,
                             text=True).stdout
        return {k: int(v) for k, v in (item.split("=") for item in out.split())}

    def master_pid(self, directory: Path) -> int:
        return int((directory / "queue" / "pid" / "master.pid").read_text().strip())

    def close(self):
        for directory in self.instances:
            subprocess.run(["bash", str(INSTANCE), "stop", str(directory)], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        for proc in self.sinks:
            proc.send_signal(signal.SIGTERM)
        for proc in self.sinks:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def smtp_source(address: str, messages: int, sessions: int, size: int) -> float:
    """Runs smtp-source to completion; returns its wall-clock seconds."""
    started = time.monotonic()
    subprocess.run([SMTP_SOURCE, "-s", str(sessions), "-m", str(messages), "-l", str(size),
                    "-f", "bench@postfix-source.test", "-t", "rcpt@deliver.test", "-S", "postfix bench",
                    "-M", "client.test", address], check=True, stdin=subprocess.DEVNULL)
    return time.monotonic() - started


def relay_rate(messages: int = 5000, sessions: int = 20, size: int = 2048) -> dict:
    """smtp-source -> Postfix (relay) -> smtp-sink; messages/s from the first submission to the last
    message in the sink."""
    with PostfixBench() as bench:
        sink, dump = bench.sink("postfix-sink")
        address, _ = bench.instance("relay", "relay", RELAY_HOST, sink)
        started = time.monotonic()
        submit = smtp_source(address, messages, sessions, size)
        done = wait_files(dump, messages, 3600, 0.05)
        return {"messages": messages, "submit_per_s": messages / submit,
                "end_to_end_per_s": messages / (done - started), "seconds": done - started}


def backlog_drain(messages: int = 100000, sessions: int = 20, size: int = 2048) -> dict:
    """Fills an accept-only instance with N messages, then starts its queue manager and measures the
    drain into smtp-sink and the instance's memory (PSS of master + children) while draining."""
    with PostfixBench() as bench:
        sink, dump = bench.sink("postfix-sink")
        address, directory = bench.instance("backlog", "accept-only", ACCEPT_HOST, sink)
        submit = smtp_source(address, messages, sessions, size)
        queued = bench.queue_count(directory)
        if queued["incoming"] != messages or count_files(dump) != 0:
            raise RuntimeError(f"accept-only instance holds {queued}, sink has {count_files(dump)}: expected "
                               f"{messages} in incoming/ and none delivered")
        master = bench.master_pid(directory)
        with MemorySampler(lambda: sum(pss_kib(p) for p in process_tree(master))) as memory:
            started = time.monotonic()
            bench.release(directory)
            done = wait_files(dump, messages, 7200, 0.2 if messages > 20000 else 0.05)
        left = bench.queue_count(directory)
        return {"messages": messages, "accept_per_s": messages / submit, "drain_per_s": messages / (done - started),
                "seconds": done - started, "memory": memory.summary(), "left_in_queue": left["total"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--size", type=int, default=2048)
    parser.add_argument("--backlog", type=int, metavar="N", help="measure the drain of an N-message backlog instead")
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("postfix_relay.py: run as root (Postfix master, smtp-sink -u nobody)")
    if args.backlog:
        r = backlog_drain(args.backlog, args.sessions, args.size)
        print(f"POSTFIX_BACKLOG messages={r['messages']} accept_per_s={r['accept_per_s']:.0f} "
              f"drain_per_s={r['drain_per_s']:.0f} seconds={r['seconds']:.1f} left_in_queue={r['left_in_queue']} "
              f"pss {r['memory']}")
    else:
        r = relay_rate(args.messages, args.sessions, args.size)
        print(f"POSTFIX_DELIVERY messages={r['messages']} submit_per_s={r['submit_per_s']:.0f} "
              f"end_to_end_per_s={r['end_to_end_per_s']:.0f} seconds={r['seconds']:.1f}")


if __name__ == "__main__":
    main()
