#!/usr/bin/env python3
"""Writes the request bodies the API benchmark posts: one ~4 KiB message and a batch of 500."""
import json
import sys

out = sys.argv[1]
paragraph = ("Thanks for signing up. Your account is ready and here is a summary of what happens next. " * 8).strip()
text = "\n\n".join([paragraph] * 3)
html = "<html><body>" + "".join(f"<p>{paragraph}</p>" for _ in range(2)) + "</body></html>"


def message(i: int) -> dict:
    return {
        "From": "Example Sender <sender@example.test>",
        "To": f"recipient{i}@example.test",
        "Subject": f"Welcome aboard, message {i}",
        "Tag": "welcome",
        "TextBody": text,
        "HtmlBody": html,
        "Metadata": {"user": str(i), "plan": "pro"},
        "MessageStream": "outbound",
    }


single = json.dumps(message(0)).encode()
batch = json.dumps([message(i) for i in range(500)]).encode()
open(f"{out}/single.json", "wb").write(single)
open(f"{out}/batch.json", "wb").write(batch)
print(f"single message body: {len(single)} bytes; batch body: {len(batch)} bytes (500 messages)")
