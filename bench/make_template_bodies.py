#!/usr/bin/env python3
"""Sets up the templated-send benchmark on a running server and writes its two request bodies.

    make_template_bodies.py PORT SERVER_TOKEN OUT_DIR TESTDATA_DIR

Creates the largest public Postmark template (by HtmlBody size) and its layout through the API, builds a model
from the SuggestedTemplateModel that /templates/validate returns, sends it once, and writes:
  OUT_DIR/template.json  a POST /email/withTemplate body (TemplateAlias + TemplateModel)
  OUT_DIR/email.json     a POST /email body with exactly the Subject/HtmlBody/TextBody that send rendered,
                         so /email and /email/withTemplate store the same message and differ only in rendering.
Only loopback traffic.
"""
import json
import sys
import urllib.request
from pathlib import Path

port, token, out, testdata = sys.argv[1], sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])
base = f"http://127.0.0.1:{port}"
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method, headers={
        "Accept": "application/json", "Content-Type": "application/json", "X-Postmark-Server-Token": token})
    with opener.open(request) as response:
        return json.loads(response.read())


def stored(folder):
    meta = json.loads((folder / "meta.json").read_text("utf-8"))
    meta["HtmlBody"] = (folder / "content.html").read_text("utf-8")
    meta["TextBody"] = (folder / "content.txt").read_text("utf-8")
    return meta


templates = sorted((testdata / "postmark-templates").iterdir())
largest = max(templates, key=lambda folder: (folder / "content.html").stat().st_size)
template = stored(largest)
layout = stored(testdata / "postmark-layouts" / template["LayoutTemplate"])
call("POST", "/templates", layout)
call("POST", "/templates", template)
validation = call("POST", "/templates/validate", {
    "Subject": template["Subject"], "HtmlBody": template["HtmlBody"], "TextBody": template["TextBody"],
    "LayoutTemplate": template["LayoutTemplate"]})
assert validation["AllContentIsValid"], validation
model = dict(validation["SuggestedTemplateModel"], preheader="Your account is ready")

envelope = {"From": "Example Sender <sender@example.test>", "To": "recipient@example.test", "Tag": "welcome",
            "Metadata": {"user": "1", "plan": "pro"}, "MessageStream": "outbound"}
templated = dict(envelope, TemplateAlias=template["Alias"], TemplateModel=model)
sent = call("POST", "/email/withTemplate", templated)
details = call("GET", f"/messages/outbound/{sent['MessageID']}/details")
plain = dict(envelope, Subject=details["Subject"], HtmlBody=details["HtmlBody"], TextBody=details["TextBody"])

(out / "template.json").write_bytes(json.dumps(templated).encode())
(out / "email.json").write_bytes(json.dumps(plain).encode())
print(f"template {largest.name} in layout {template['LayoutTemplate']}: /email/withTemplate body "
      f"{len(json.dumps(templated))} bytes, equivalent /email body {len(json.dumps(plain))} bytes "
      f"(rendered HtmlBody {len(details['HtmlBody'])} bytes)")
