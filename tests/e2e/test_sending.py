"""Sending through the real Postmark client (postmarker), reading back through it, and checking
the stored MIME with Python's email package."""

import hashlib
import struct
import time
import zlib
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

from harness import (
    POSTMARK_DATE_RE,
    ExpectedAttachment,
    ExpectedMessage,
    assert_send_ok,
    b64,
    check_message,
    parse_postmark_date,
    uid,
)


def pseudo_random(n: int, seed: str) -> bytes:
    """Deterministic binary data covering every byte value."""
    out = bytearray(bytes(range(256)))
    counter = 0
    while len(out) < n:
        out += hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        counter += 1
    return bytes(out[:n])


def tiny_png() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes([x * 30 % 256, 0x80, 0xFF - x * 30 % 256]) * 4 for x in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


BINARY = pseudo_random(70_000, "binary")
PNG = tiny_png()
# Text attachment with bare LF, CRLF, a lone CR, trailing spaces and UTF-8: must arrive byte for byte.
TEXT_ATTACHMENT = "first line\nsecond line ünïcödé\r\nthird\rfourth   \n\tlast".encode("utf-8")
ODD_NAME_DATA = b"\x00\xff\x00\xfe" * 100


def attachment_names(items):
    """Attachments on an OutboundMessage are file names (docs) or objects with Name (Swagger)."""
    return sorted(item["Name"] if isinstance(item, dict) else item for item in items)


def long_text_body(u):
    return (
        f"Hello Jürgen,\n\nThis is e2e message {u} with ünïcödé and emoji 🚀.\n"
        + "L" * 1500 + "\n"
        + ".\n"
        + "..two dots\n"
        + "From the start of a line\n"
        + "trailing spaces   \n"
        + "\ttab-indented\n"
        + " ".join(f"word{i}" for i in range(400)) + "\n"
        + "End."
    )


def test_single_send_with_everything(postage, client, api):
    u = uid()
    sender = f"sender-{u}@example.test"
    to1, to2 = f"to1-{u}@example.test", f"to2-{u}@example.test"
    cc, bcc, reply = f"cc-{u}@example.test", f"bcc-{u}@example.test", f"reply-{u}@example.test"
    subject = f"Grüße aus Köln ✉ 🚀 e2e-{u}"
    text = long_text_body(u)
    html = (f'<html><body><p>Grüße {u}</p><img src="cid:logo-{u}.png" alt="logo">'
            f'<p>{"x" * 1200}</p></body></html>')
    tag = f"e2e-tag-{u}"
    metadata = {"color": "blue", "client-id": "12345", "note": "Grüße"}
    headers = {
        "X-Custom-Plain": "plain value",
        "X-Custom-Unicode": "Ünïcödé välue",
        "X-Custom-Long": " ".join(f"part{i}" for i in range(150)),
    }
    attachments = [
        {"Name": "report.pdf", "Content": b64(BINARY), "ContentType": "application/pdf"},
        ("notes.txt", b64(TEXT_ATTACHMENT), "text/plain"),
        ("logo.png", b64(PNG), "image/png", f"cid:logo-{u}.png"),
        ("résumé final.dat", b64(ODD_NAME_DATA), "application/octet-stream"),
    ]

    response = client.emails.send(
        From=f'"Zoë Ünïcode, Ltd." <{sender}>',
        To=[f"Jürgen Groß <{to1}>", to2],
        Cc=f"Cc Person <{cc}>",
        Bcc=bcc,
        Subject=subject,
        Tag=tag,
        HtmlBody=html,
        TextBody=text,
        Metadata=metadata,
        ReplyTo=f"Reply Desk <{reply}>",
        Headers=headers,
        Attachments=attachments,
    )
    message_id = assert_send_ok(response)
    assert to1 in response["To"] and to2 in response["To"], response

    # Read back through postmarker: details.
    m = client.messages.outbound.get(message_id)
    assert m.MessageID == message_id
    assert [t["Email"] for t in m.To] == [to1, to2], m.To
    assert m.To[0]["Name"] == "Jürgen Groß", m.To
    assert [c["Email"] for c in m.Cc] == [cc], m.Cc
    assert m.Cc[0]["Name"] == "Cc Person", m.Cc
    assert [b["Email"] for b in m.Bcc] == [bcc], m.Bcc
    assert sorted(m.Recipients) == sorted([to1, to2, cc, bcc]), m.Recipients
    assert sender in m.From and "Zoë Ünïcode, Ltd." in m.From, m.From
    assert m.Subject == subject
    assert m.Tag == tag
    assert m.Metadata == metadata
    assert m.MessageStream == "outbound"
    assert m.Status == "Queued"
    assert m.TrackOpens is False
    assert m.TrackLinks == "None"
    assert m.Sandboxed is False
    assert attachment_names(m.Attachments) == sorted(["report.pdf", "notes.txt", "logo.png", "résumé final.dat"])
    assert m.TextBody.replace("\r\n", "\n") == text
    assert m.HtmlBody.replace("\r\n", "\n") == html
    assert POSTMARK_DATE_RE.match(m.ReceivedAt), m.ReceivedAt
    assert abs(parse_postmark_date(m.ReceivedAt) - time.time()) < 600, m.ReceivedAt
    assert isinstance(m.MessageEvents, list)

    # Read back through postmarker: search by tag and by the Bcc recipient.
    found = client.messages.outbound.all(tag=tag)
    assert [x.MessageID for x in found] == [message_id]
    assert [x.MessageID for x in client.messages.outbound.all(recipient=bcc)] == [message_id]

    # The raw MIME, through postmarker's dump, parsed by Python's email package.
    dump = client.messages.outbound.get_dump(message_id)
    raw = dump.encode("utf-8")
    assert m.Body == dump, "details Body differs from dump Body"
    parsed = check_message(raw, ExpectedMessage(
        from_addr=sender, from_name="Zoë Ünïcode, Ltd.",
        to=[("Jürgen Groß", to1), ("", to2)], cc=[("Cc Person", cc)], bcc=[bcc],
        reply_to=[("Reply Desk", reply)], subject=subject, text=text, html=html, headers=headers,
        attachments=[
            ExpectedAttachment("report.pdf", BINARY, "application/pdf"),
            ExpectedAttachment("notes.txt", TEXT_ATTACHMENT, "text/plain"),
            ExpectedAttachment("logo.png", PNG, "image/png", content_id=f"logo-{u}.png"),
            ExpectedAttachment("résumé final.dat", ODD_NAME_DATA, "application/octet-stream"),
        ],
    ))
    # Postmark adds these to the raw source (reference 3.5).
    assert str(parsed["X-PM-Message-Id"]) == message_id
    assert str(parsed["X-PM-Tag"]) == tag


def test_single_recipient_response_echoes_to(client):
    u = uid()
    to = f"only-{u}@example.test"
    response = client.emails.send(From=f"s-{u}@example.test", To=to, Subject=f"echo {u}", TextBody="hi")
    message_id = assert_send_ok(response, to=to)
    raw = client.messages.outbound.get_dump(message_id).encode("utf-8")
    check_message(raw, ExpectedMessage(from_addr=f"s-{u}@example.test", to=[("", to)], subject=f"echo {u}",
                                       text="hi"))


def test_batch_send_through_postmarker(client, api, postage):
    u = uid()
    big = pseudo_random(1_000_000, u)
    cases = [
        dict(
            message=dict(From=f"Text Only <a-{u}@example.test>", To=f"r1-{u}@example.test",
                         Subject=f"text only {u}", TextBody=f"plain body {u}\nsecond line", Tag=f"batch-{u}"),
            expected=ExpectedMessage(from_addr=f"a-{u}@example.test", from_name="Text Only",
                                     to=[("", f"r1-{u}@example.test")], subject=f"text only {u}",
                                     text=f"plain body {u}\nsecond line"),
        ),
        dict(
            message=dict(From=f"b-{u}@example.test", To=f"Ünï Recipient <r2-{u}@example.test>",
                         Cc=f"c2-{u}@example.test", Bcc=f"hidden-{u}@example.test",
                         Subject=f"html only ✓ {u}", HtmlBody=f"<p>html body {u} ✓</p>", Tag=f"batch-{u}",
                         Metadata={"batch": u}),
            expected=ExpectedMessage(from_addr=f"b-{u}@example.test", to=[("Ünï Recipient", f"r2-{u}@example.test")],
                                     cc=[("", f"c2-{u}@example.test")], bcc=[f"hidden-{u}@example.test"],
                                     subject=f"html only ✓ {u}", html=f"<p>html body {u} ✓</p>"),
        ),
        dict(
            message=dict(From=f"c-{u}@example.test", To=f"r3-{u}@example.test", Subject=f"attachments {u}",
                         TextBody="see attached", HtmlBody=f'<img src="cid:pic-{u}">', Tag=f"batch-{u}",
                         Headers={"X-Batch-Item": "3"},
                         Attachments=[("big.bin.dat", b64(big), "application/octet-stream"),
                                      ("pic.png", b64(PNG), "image/png", f"cid:pic-{u}")]),
            expected=ExpectedMessage(from_addr=f"c-{u}@example.test", to=[("", f"r3-{u}@example.test")],
                                     subject=f"attachments {u}", text="see attached",
                                     html=f'<img src="cid:pic-{u}">', headers={"X-Batch-Item": "3"},
                                     attachments=[ExpectedAttachment("big.bin.dat", big, "application/octet-stream"),
                                                  ExpectedAttachment("pic.png", PNG, "image/png", f"pic-{u}")]),
        ),
    ]
    before = api.total(postage.server_token)
    responses = client.emails.send_batch(*[c["message"] for c in cases])
    assert isinstance(responses, list) and len(responses) == len(cases), responses
    ids = [assert_send_ok(r) for r in responses]
    assert len(set(ids)) == len(ids)
    assert api.total(postage.server_token) == before + len(cases)
    for case, response, message_id in zip(cases, responses, ids):
        exp = case["expected"]
        assert exp.to[0][1] in response["To"], response
        m = client.messages.outbound.get(message_id)
        assert m.Subject == exp.subject
        assert m.Tag == f"batch-{u}"
        raw = client.messages.outbound.get_dump(message_id).encode("utf-8")
        check_message(raw, exp)
    assert client.messages.outbound.get(ids[1]).Metadata == {"batch": u}
    assert sorted(x.MessageID for x in client.messages.outbound.all(tag=f"batch-{u}")) == sorted(ids)


def test_send_a_mime_message_through_postmarker(client):
    """postmarker can take an email.mime message and translate it into Postmark JSON."""
    u = uid()
    message = MIMEMultipart()
    message["From"] = f"Mime Sender <mime-{u}@example.test>"
    message["To"] = f"mime-to-{u}@example.test"
    message["Cc"] = f"mime-cc-{u}@example.test"
    message["Subject"] = f"mime {u}"
    message.attach(MIMEText(f"mime text {u}", "plain", "utf-8"))
    message.attach(MIMEText(f"<b>mime html {u}</b>", "html", "utf-8"))
    attachment = MIMEApplication(BINARY[:5000], "octet-stream")
    attachment.add_header("Content-Disposition", "attachment", filename="data.raw")
    message.attach(attachment)
    response = client.emails.send(message=message)
    message_id = assert_send_ok(response)
    raw = client.messages.outbound.get_dump(message_id).encode("utf-8")
    check_message(raw, ExpectedMessage(
        from_addr=f"mime-{u}@example.test", from_name="Mime Sender", to=[("", f"mime-to-{u}@example.test")],
        cc=[("", f"mime-cc-{u}@example.test")], subject=f"mime {u}", text=f"mime text {u}",
        html=f"<b>mime html {u}</b>",
        attachments=[ExpectedAttachment("data.raw", BINARY[:5000], "application/octet-stream")]))


def test_long_subject_and_display_names_are_folded_and_decoded(api, postage):
    u = uid()
    subject = ("Überlange Betreffzeile mit Ümlauten und 😀 emoji " * 8).strip() + f" {u}"
    long_name = "Ñame " * 30 + u
    to = [(f"Recipient Number {i} Ünï", f"many{i}-{u}@example.test") for i in range(12)]
    message = {
        "From": f'"{long_name.strip()}" <long-{u}@example.test>',
        "To": ", ".join(f'"{name}" <{addr}>' for name, addr in to),
        "Subject": subject,
        "TextBody": "x",
    }
    r = api.send(postage.server_token, message)
    assert r.status_code == 200, r.text
    message_id = assert_send_ok(r.json())
    raw = api.dump_bytes(postage.server_token, message_id)
    check_message(raw, ExpectedMessage(from_addr=f"long-{u}@example.test", from_name=long_name.strip(),
                                       to=to, subject=subject, text="x"))


def test_quoted_display_names_with_commas(api, postage):
    u = uid()
    message = {
        "From": f"sender-{u}@example.test",
        "To": f'"Doe, Jane" <jane-{u}@example.test>, John Smith <john-{u}@example.test>',
        "Cc": f'"Team (ops), \\"quoted\\"" <ops-{u}@example.test>',
        "Subject": "names",
        "TextBody": "body",
    }
    r = api.send(postage.server_token, message)
    assert r.status_code == 200, r.text
    message_id = assert_send_ok(r.json())
    details = api.details(postage.server_token, message_id).json()
    assert [(t["Name"], t["Email"]) for t in details["To"]] == [
        ("Doe, Jane", f"jane-{u}@example.test"), ("John Smith", f"john-{u}@example.test")]
    raw = api.dump_bytes(postage.server_token, message_id)
    check_message(raw, ExpectedMessage(
        from_addr=f"sender-{u}@example.test",
        to=[("Doe, Jane", f"jane-{u}@example.test"), ("John Smith", f"john-{u}@example.test")],
        cc=[('Team (ops), "quoted"', f"ops-{u}@example.test")], subject="names", text="body"))


def test_null_and_empty_optional_fields_are_not_provided(api, postage):
    """postmarker sends explicit nulls; postmark-python sends empty lists/objects (reference 1)."""
    u = uid()
    message = {
        "From": f"nulls-{u}@example.test", "To": f"to-{u}@example.test", "Cc": None, "Bcc": None,
        "Subject": f"nulls {u}", "Tag": None, "HtmlBody": None, "TextBody": "text", "ReplyTo": None,
        "Headers": [], "TrackOpens": None, "TrackLinks": "None", "Attachments": [], "Metadata": {},
        "MessageStream": None,
    }
    r = api.send(postage.server_token, message)
    assert r.status_code == 200, r.text
    message_id = assert_send_ok(r.json(), to=f"to-{u}@example.test")
    details = api.details(postage.server_token, message_id).json()
    assert details["MessageStream"] == "outbound"
    assert details["Cc"] == [] and details["Bcc"] == []
    assert details["Metadata"] == {}
    raw = api.dump_bytes(postage.server_token, message_id)
    check_message(raw, ExpectedMessage(from_addr=f"nulls-{u}@example.test", to=[("", f"to-{u}@example.test")],
                                       subject=f"nulls {u}", text="text"))


def test_explicit_outbound_stream(api, postage):
    u = uid()
    r = api.send(postage.server_token, {"From": f"s-{u}@example.test", "To": f"t-{u}@example.test",
                                        "TextBody": "x", "MessageStream": "outbound"})
    assert r.status_code == 200, r.text
    message_id = assert_send_ok(r.json())
    assert api.details(postage.server_token, message_id).json()["MessageStream"] == "outbound"


def test_send_paths_are_case_insensitive_with_optional_trailing_slash(api, postage):
    u = uid()
    token = postage.server_token
    for path in ("/Email", "/EMAIL/", "/email/"):
        r = api.request("POST", path, server=token,
                        json_body={"From": f"p-{u}@example.test", "To": f"path-{u}@example.test", "TextBody": path})
        assert r.status_code == 200, (path, r.text)
        assert_send_ok(r.json())
    for path in ("/Email/Batch", "/email/batch/", "/EMAIL/BATCH/"):
        r = api.request("POST", path, server=token,
                        json_body=[{"From": f"p-{u}@example.test", "To": f"path-{u}@example.test", "TextBody": path}])
        assert r.status_code == 200, (path, r.text)
        assert_send_ok(r.json()[0])
    assert api.total(token, recipient=f"path-{u}@example.test") == 6


def test_tracking_options_are_stored(api, postage):
    u = uid()
    token = postage.server_token
    expectations = [({"TrackOpens": True, "TrackLinks": "HtmlOnly"}, (True, "HtmlOnly")),
                    ({"TrackOpens": False, "TrackLinks": "HtmlAndText"}, (False, "HtmlAndText")),
                    ({"TrackLinks": "TextOnly"}, (False, "TextOnly"))]
    for options, (opens, links) in expectations:
        r = api.send(token, {"From": f"tr-{u}@example.test", "To": f"tr-{u}@example.test",
                             "HtmlBody": "<a href='http://example.test/'>x</a>", "TextBody": "x", **options})
        assert r.status_code == 200, r.text
        details = api.details(token, assert_send_ok(r.json())).json()
        assert (details["TrackOpens"], details["TrackLinks"]) == (opens, links), options


def test_custom_headers_cannot_override_the_envelope_or_structure(api, postage):
    """Reserved names in Headers (From, Bcc, Content-Type, X-PM-*) do not change the message;
    a custom Message-ID is honoured (reference 3.1: custom headers, e.g. Message-ID)."""
    u = uid()
    token = postage.server_token
    evil = f"evil-{u}@example.test"
    message = {
        "From": f"real-{u}@example.test", "To": f"to-{u}@example.test", "Subject": f"reserved {u}",
        "TextBody": f"text {u}", "Tag": f"reserved-{u}",
        "Headers": [
            {"Name": "Bcc", "Value": evil},
            {"Name": "From", "Value": f"spoof-{u}@example.test"},
            {"Name": "Content-Type", "Value": "text/html"},
            {"Name": "X-PM-Tag", "Value": "spoofed"},
            {"Name": "Message-ID", "Value": f"<custom-{u}@example.test>"},
            {"Name": "X-Kept", "Value": "kept"},
        ],
    }
    r = api.send(token, message)
    assert r.status_code == 200, r.text
    message_id = assert_send_ok(r.json())
    details = api.details(token, message_id).json()
    assert details["Recipients"] == [f"to-{u}@example.test"], details["Recipients"]
    raw = api.dump_bytes(token, message_id)
    msg = check_message(raw, ExpectedMessage(from_addr=f"real-{u}@example.test", to=[("", f"to-{u}@example.test")],
                                             bcc=[evil], subject=f"reserved {u}", text=f"text {u}",
                                             headers={"X-Kept": "kept"}))
    assert f"spoof-{u}".encode() not in raw
    assert msg.get_content_type() == "text/plain"
    assert msg.get_all("X-PM-Tag") == [f"reserved-{u}"]
    assert str(msg["Message-ID"]) == f"<custom-{u}@example.test>"
