#!/usr/bin/env python3
"""Delivery throughput end to end, all on loopback: N messages accepted through /email/batch are
delivered by `postage serve` (api + delivery roles) into Postfix's smtp-sink, with MX lookups answered
by dnsmasq. Prints accepted/s and delivered/s (from the first accept to the last Sent).

    .venv-test/bin/python bench/delivery.py [--messages 10000] [--backend sqlite]

Uses the e2e harness (tests/e2e) for the server and the peers. The Postfix baseline that the
delivery issue asks for (smtp-source into Postfix into smtp-sink) is not set up yet.
"""
import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "e2e"))

import test_delivery as td  # noqa: E402
from harness import Database, PostageServer, poll  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10000)
    args = parser.parse_args()
    os.environ.setdefault("POSTAGE_BIN", str(REPO / ".build-release" / "release" / "postage"))
    root = Path(tempfile.mkdtemp(prefix="postage-delivery-bench-"))
    root.chmod(0o755)
    world = td.MailWorld(root)
    server = PostageServer(Database.create("sqlite", root / "db"), root / "server",
                           extra_env=dict(world.env, POSTAGE_LOG_LEVEL="warning"))
    server.start()
    api = server.api()
    try:
        started = time.monotonic()
        for start in range(0, args.messages, 500):
            batch = [{"From": "bench@postage.test", "To": f"r{i}@deliver.test", "Subject": f"bench {i}",
                      "TextBody": "x" * 2000} for i in range(start, min(start + 500, args.messages))]
            response = api.request("POST", "/email/batch", server=server.server_token, json_body=batch)
            assert response.status_code == 200
        accepted = time.monotonic()

        def queued():
            body = api.request("GET", "/messages/outbound", server=server.server_token,
                               params={"count": 1, "offset": 0, "status": "queued"}).json()
            return body["TotalCount"] == 0
        poll(queued, 3600, interval=0.5, message="every message Sent")
        done = time.monotonic()
        print(f"DELIVERY messages={args.messages} accept_per_s={args.messages / (accepted - started):.0f} "
              f"end_to_end_per_s={args.messages / (done - started):.0f} seconds={done - started:.1f}")
    finally:
        server.stop()
        world.close()


if __name__ == "__main__":
    main()
