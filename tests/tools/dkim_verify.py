#!/usr/bin/env python3
"""Verify every DKIM-Signature of messages with dkimpy, offline.

    dkim_verify.py --zone ZONE MESSAGE...

ZONE holds one public key record per line, "NAME VALUE" (NAME like sel._domainkey.example.test, VALUE the TXT
value, e.g. "v=DKIM1; k=ed25519; p=..."); '#' lines are comments. No DNS query is ever made: dkimpy's dnsfunc
hook answers from ZONE.

Prints one JSON object to stdout:
    {"messages": [{"file": F, "signatures": [{"index": 0, "pass": true, "error": null, "a": ..., "d": ...,
                                             "s": ..., "c": ..., "h": ...}]}]}
Exit status: 0 when it ran (whatever the verdicts), 2 on usage errors, 3 when dkimpy or PyNaCl is missing.
The Swift tests (Tests/DKIMTests) run this with the .venv-test interpreter and judge the verdicts.
"""
import argparse
import json
import logging
import sys

try:
    import dkim
    import nacl  # noqa: F401  (dkimpy needs PyNaCl for ed25519-sha256)
except ImportError as error:  # pragma: no cover
    print(f"dkim_verify.py: {error}", file=sys.stderr)
    sys.exit(3)


class _Collect(logging.Handler):
    """Keeps dkimpy's error messages: verify() returns only a bool and logs why it failed."""

    def __init__(self):
        super().__init__(level=logging.INFO)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def load_zone(path):
    zone = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            name, _, value = line.partition(" ")
            zone[name.rstrip(".").lower()] = value.strip().encode()
    return zone


def signature_tags(message, index):
    """The tags of the index-th DKIM-Signature (topmost = 0), as text."""
    fields = [value for name, value in dkim.rfc822_parse(message)[0] if name.lower() == b"dkim-signature"]
    tags = dkim.util.parse_tag_value(fields[index])
    pick = lambda key: b" ".join(tags.get(key, b"").split()).decode(errors="replace") or None  # noqa: E731
    return {key: pick(key.encode()) for key in ("a", "c", "d", "s", "h", "i", "t")}


def verify_file(path, zone):
    message = open(path, "rb").read()

    def dnsfunc(name, timeout=5):
        return zone.get(name.decode().rstrip(".").lower())

    count = sum(1 for name, _ in dkim.rfc822_parse(message)[0] if name.lower() == b"dkim-signature")
    results = []
    for index in range(count):
        collect = _Collect()
        logger = logging.getLogger(f"dkim_verify.{index}")
        logger.propagate = False
        logger.setLevel(logging.INFO)
        logger.handlers = [collect]
        try:
            passed = bool(dkim.DKIM(message, logger=logger, minkey=1024).verify(idx=index, dnsfunc=dnsfunc))
            error = None if passed else ("; ".join(collect.messages) or "signature did not verify")
        except Exception as exc:  # dkimpy raises for malformed input
            passed, error = False, f"{type(exc).__name__}: {exc}"
        entry = {"index": index, "pass": passed, "error": error}
        entry.update(signature_tags(message, index))
        results.append(entry)
    return {"file": path, "signatures": results}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zone", required=True, help="NAME VALUE lines")
    parser.add_argument("messages", nargs="+")
    args = parser.parse_args()
    zone = load_zone(args.zone)
    print(json.dumps({"messages": [verify_file(path, zone) for path in args.messages]}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
