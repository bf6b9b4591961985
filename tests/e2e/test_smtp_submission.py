"""SMTP submission end to end: real clients (Python's smtplib, swaks, Postfix's smtp-source and a raw
socket for protocol abuse) send to `postage serve` with the smtp role, and the Messages API shows
what was accepted, with tag, metadata and stream read from the X-PM-* headers."""

import base64
import json
import shutil
import smtplib
import socket
import ssl
import subprocess
import time
from email.message import EmailMessage
from pathlib import Path

import pytest

from harness import parse_message, poll, uid

SWAKS = shutil.which("swaks") or "/usr/bin/swaks"
SMTP_SOURCE = shutil.which("smtp-source") or "/usr/sbin/smtp-source"


def smtp_env(**extra) -> dict:
    env = {"POSTAGE_ROLES": "api,smtp", "POSTAGE_SUBMISSION_ADDRESS": "127.0.0.1:0"}
    env.update(extra)
    return env


@pytest.fixture
def smtp_server(servers):
    """A private server whose SMTP port requires STARTTLS before AUTH (the default)."""
    return servers.server(extra_env=smtp_env())


def certificate(server) -> Path:
    path = server.workdir / "data" / "tls" / "submission-selfsigned.crt"
    assert path.exists(), "no self-signed certificate was generated"
    return path


def tls_context(server) -> ssl.SSLContext:
    """Verifies the generated self-signed certificate, host name included."""
    context = ssl.create_default_context(cafile=str(certificate(server)))
    return context


def connect(server, timeout=30) -> smtplib.SMTP:
    client = smtplib.SMTP("127.0.0.1", server.smtp_port, local_hostname="client.test", timeout=timeout)
    client.ehlo()
    return client


def secure(server, client: smtplib.SMTP) -> smtplib.SMTP:
    client.starttls(context=tls_context(server))  # verified against the IP SAN 127.0.0.1
    client.ehlo()
    return client


def message_for(details_id, server, timeout=15):
    api = server.api()
    return poll(lambda: (r := api.details(server.server_token, details_id)).status_code == 200 and r.json(),
                timeout, message=f"message {details_id} visible")


def queued_id(reply_text: bytes) -> str:
    text = reply_text.decode()
    assert "queued as " in text, text
    return text.rsplit("queued as ", 1)[1].strip()


def test_starttls_auth_plain_and_x_pm_headers(smtp_server):
    server = smtp_server
    token = server.server_token
    tag = f"welcome-{uid()}"
    msg = EmailMessage()
    msg["From"] = "Sender Name <sender@example.test>"
    msg["To"] = "to@example.org"
    msg["Cc"] = "cc@example.org"
    msg["Subject"] = f"smtp plain {tag}"
    msg["Message-ID"] = "<client-chosen@example.test>"
    msg["X-PM-Tag"] = tag
    msg["X-PM-Metadata-client-id"] = "12345"
    msg["X-PM-Metadata-color"] = "blue"
    msg["X-PM-Message-Stream"] = "outbound"
    msg["X-PM-TrackOpens"] = "true"
    msg["X-PM-TrackLinks"] = "HtmlOnly"
    msg.set_content("Hello over SMTP.\n")
    msg.add_alternative("<p>Hello over <b>SMTP</b>.</p>", subtype="html")

    client = secure(server, connect(server))
    assert "AUTH" in client.esmtp_features.get("auth", "AUTH PLAIN LOGIN").upper() or client.has_extn("auth")
    code, text = client.docmd("AUTH", "PLAIN " + base64.b64encode(f"\0{token}\0{token}".encode()).decode())
    assert code == 235, (code, text)
    assert text.startswith(b"2.7.0"), text
    client.mail("bounce@example.test")
    for rcpt in ["to@example.org", "cc@example.org", "hidden@example.org"]:
        assert client.rcpt(rcpt)[0] == 250
    code, text = client.data(msg.as_bytes().replace(b"\n", b"\r\n"))
    assert code == 250, (code, text)
    assert text.startswith(b"2.0.0"), text
    message_id = queued_id(text)
    client.quit()

    details = message_for(message_id, server)
    assert details["Tag"] == tag
    assert details["MessageStream"] == "outbound"
    assert details["Metadata"] == {"client-id": "12345", "color": "blue"}
    assert details["TrackOpens"] is True
    assert details["TrackLinks"] == "HtmlOnly"
    assert details["Subject"] == f"smtp plain {tag}"
    assert [r["Email"] for r in details["To"]] == ["to@example.org"]
    assert [r["Email"] for r in details["Cc"]] == ["cc@example.org"]
    assert [r["Email"] for r in details["Bcc"]] == ["hidden@example.org"]
    assert "Hello over SMTP." in details["TextBody"]
    assert "<b>SMTP</b>" in details["HtmlBody"]

    raw = server.api().dump_bytes(token, message_id)
    parsed = parse_message(raw)
    names = [name.lower() for name in parsed.keys()]
    # Control headers are read and stripped; Postage adds its own X-PM-Message-Id only.
    assert [n for n in names if n.startswith("x-pm-") and n != "x-pm-message-id"] == [], names
    assert parsed["X-PM-Message-Id"] == message_id
    # Without X-PM-KeepID the client's Message-ID is replaced.
    assert parsed["Message-ID"] == f"<{message_id}@postage.test>"
    assert "bcc" not in names
    received = parsed["Received"]
    assert "client.test" in received and "ESMTPSA" in received, received
    # Found by tag and by stream in search.
    assert server.api().ids(token, tag=tag) == [message_id]


def test_keep_id_auth_login_with_swaks_attachment_and_pipelining(smtp_server, tmp_path):
    server = smtp_server
    token = server.server_token
    subject = f"swaks {uid()}"
    attachment = tmp_path / "report.pdf"
    attachment.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 40)
    result = subprocess.run(
        [SWAKS, "--server", "127.0.0.1", "--port", str(server.smtp_port), "--ehlo", "swaks.test",
         "--from", "app@example.test", "--to", "one@example.org,two@example.org",
         "--tls", "--tls-verify", "--tls-ca-path", str(certificate(server)), "--tls-sni", "postage.test",
         "--auth", "LOGIN", "--auth-user", token, "--auth-password", token, "--pipeline",
         "--header", f"Subject: {subject}", "--header", "X-PM-KeepID: true",
         "--header", "Message-Id: <kept-by-client@example.test>", "--header", "X-PM-Metadata-order: 42",
         "--body", "body text from swaks",
         "--attach-type", "application/pdf", "--attach-name", "report.pdf", "--attach", f"@{attachment}"],
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    transcript = result.stdout
    assert "250 2.0.0" in transcript and "queued as" in transcript, transcript
    message_id = transcript.split("queued as ", 1)[1].split()[0]
    details = message_for(message_id, server)
    assert details["Subject"] == subject
    assert details["Metadata"] == {"order": "42"}
    assert details["Attachments"] == ["report.pdf"]
    assert sorted(r["Email"] for r in details["To"]) == ["one@example.org", "two@example.org"]
    raw = server.api().dump_bytes(token, message_id)
    parsed = parse_message(raw)
    assert parsed["Message-ID"] == "<kept-by-client@example.test>"
    parts = [p for p in parsed.walk() if p.get_filename() == "report.pdf"]
    assert parts and parts[0].get_payload(decode=True) == attachment.read_bytes()


def test_wrong_token_is_535_and_account_token_does_not_work(smtp_server):
    server = smtp_server
    client = secure(server, connect(server))
    with pytest.raises(smtplib.SMTPAuthenticationError) as failure:
        client.login("not-a-token", "not-a-token")
    assert failure.value.smtp_code == 535
    assert failure.value.smtp_error.startswith(b"5.7.8"), failure.value.smtp_error
    client.close()
    client = secure(server, connect(server))
    code, text = client.docmd("AUTH", "PLAIN " + base64.b64encode(
        f"\0{server.account_token}\0{server.account_token}".encode()).decode())
    assert code == 535, (code, text)
    client.close()


def test_auth_before_starttls_is_530_and_mail_before_auth_is_530(smtp_server):
    server = smtp_server
    client = connect(server)
    assert client.has_extn("starttls")
    assert not client.has_extn("auth"), "AUTH must not be offered before STARTTLS"
    token = server.server_token
    code, text = client.docmd("AUTH", "PLAIN " + base64.b64encode(f"\0{token}\0{token}".encode()).decode())
    assert (code, text[:5]) == (530, b"5.7.0"), (code, text)
    code, text = client.docmd("MAIL", "FROM:<a@example.test>")
    assert (code, text[:5]) == (530, b"5.7.0"), (code, text)
    client.close()


def test_plaintext_auth_on_loopback_when_allowed(servers):
    server = servers.server(extra_env=smtp_env(POSTAGE_SUBMISSION_PLAINTEXT_AUTH="loopback"))
    client = connect(server)
    assert client.has_extn("auth")
    client.login(server.server_token, server.server_token)
    client.sendmail("a@example.test", ["b@example.org"],
                    b"From: a@example.test\r\nTo: b@example.org\r\nSubject: plain loopback\r\n\r\nhi\r\n")
    client.quit()
    assert server.api().total(server.server_token, subject="loopback") >= 1


class RawSession:
    """A raw SMTP client over TLS, to send bytes no well-behaved client would."""

    def __init__(self, server):
        self.sock = socket.create_connection(("127.0.0.1", server.smtp_port), timeout=30)
        self.buffer = b""
        assert self.reply()[0] == 220
        self.command(b"EHLO raw.test")
        self.send(b"STARTTLS\r\n")
        assert self.reply()[0] == 220
        self.sock = tls_context(server).wrap_socket(self.sock, server_hostname="postage.test")
        self.buffer = b""
        assert self.command(b"EHLO raw.test")[0] == 250
        token = server.server_token
        code, _ = self.command(b"AUTH PLAIN " + base64.b64encode(f"\0{token}\0{token}".encode()))
        assert code == 235

    def send(self, data: bytes):
        self.sock.sendall(data)

    def reply(self):
        """One complete (possibly multi-line) reply: (code, text); (None, b'') on EOF."""
        lines = []
        while True:
            while b"\r\n" not in self.buffer:
                chunk = self.sock.recv(65536)
                if not chunk:
                    return (None, b"")
                self.buffer += chunk
            line, self.buffer = self.buffer.split(b"\r\n", 1)
            lines.append(line)
            if len(line) < 4 or line[3:4] == b" ":
                return (int(line[:3]), b"\n".join(l[4:] for l in lines))

    def command(self, line: bytes):
        self.send(line + b"\r\n")
        return self.reply()

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


@pytest.mark.parametrize("smuggle", [b"\n.\n", b"\r.\r", b"\r\n.\n", b"\n.\r\n", b"\n.\r\n\r\n"])
def test_smuggling_never_splits_one_message_into_two(smtp_server, smuggle):
    server = smtp_server
    marker = uid()
    session = RawSession(server)
    assert session.command(b"MAIL FROM:<outer@example.test>")[0] == 250
    assert session.command(b"RCPT TO:<victim@example.org>")[0] == 250
    assert session.command(b"DATA")[0] == 354
    inner = (b"MAIL FROM:<admin@example.test>\r\nRCPT TO:<target@example.org>\r\nDATA\r\n"
             b"From: admin@example.test\r\nSubject: smuggled " + marker.encode() + b"\r\n\r\nevil\r\n.\r\n")
    session.send(b"From: outer@example.test\r\nSubject: outer " + marker.encode() + b"\r\n\r\nhello" + smuggle
                 + inner)
    replies = []
    while True:
        code, text = session.reply()
        if code is None:
            break
        replies.append((code, text))
        if len(replies) > 10:
            break
    session.close()
    api = server.api()
    # At most the outer message was accepted as one message; the smuggled one never exists.
    assert api.total(server.server_token, subject=f"smuggled {marker}") == 0, replies
    accepted = [r for r in replies if r[0] == 250]
    assert len(accepted) <= 1, replies
    assert any(code >= 500 for code, _ in replies), f"the bare line end was not refused: {replies}"


def test_limits_size_and_recipients(smtp_server):
    server = smtp_server
    session = RawSession(server)
    code, text = session.command(b"MAIL FROM:<big@example.test> SIZE=20000000")
    assert (code, text[:5]) == (552, b"5.3.4"), (code, text)
    assert session.command(b"MAIL FROM:<many@example.test>")[0] == 250
    for i in range(50):
        assert session.command(f"RCPT TO:<r{i}@example.org>".encode())[0] == 250
    code, text = session.command(b"RCPT TO:<r50@example.org>")
    assert (code, text[:5]) == (452, b"4.5.3"), (code, text)
    assert session.command(b"RSET")[0] == 250
    # An oversize message: refused after DATA with 552, and the session stays usable.
    assert session.command(b"MAIL FROM:<big@example.test>")[0] == 250
    assert session.command(b"RCPT TO:<r@example.org>")[0] == 250
    assert session.command(b"DATA")[0] == 354
    line = b"x" * 998 + b"\r\n"
    chunk = line * 1024
    session.send(b"Subject: too big\r\n\r\n")
    for _ in range(12):  # 12 MiB > 10 MiB + headroom
        session.send(chunk)
    code, text = session.command(b".")
    assert (code, text[:5]) == (552, b"5.3.4"), (code, text)
    assert session.command(b"NOOP")[0] == 250
    assert session.command(b"QUIT")[0] == 221
    session.close()
    assert server.api().total(server.server_token, subject="too big") == 0


def test_unknown_stream_is_recorded_as_smtp_api_error(smtp_server):
    server = smtp_server
    client = secure(server, connect(server))
    client.login(server.server_token, server.server_token)
    subject = f"bad stream {uid()}"
    client.mail("a@example.test")
    client.rcpt("b@example.org")
    code, text = client.data(
        f"From: a@example.test\r\nTo: b@example.org\r\nSubject: {subject}\r\nX-PM-Message-Stream: nope\r\n\r\nx\r\n"
        .encode())
    # Postmark accepts at the SMTP level and records the problem as an SMTPApiError bounce.
    assert code == 250, (code, text)
    message_id = queued_id(text)
    client.quit()
    details = message_for(message_id, server)
    events = details["MessageEvents"]
    assert len(events) == 1, events
    assert events[0]["Type"] == "Bounced"
    assert events[0]["Details"]["Type"] == "SMTPApiError"
    assert "nope" in events[0]["Details"]["Summary"]
    assert events[0]["Details"]["ErrorCode"] == "1235"
    # And in the Bounces API, as Postmark records an SMTPApiError, with the message as its dump.
    bounces = server.api().request("GET", "/bounces", server=server.server_token,
                                   params={"count": 10, "offset": 0, "messageID": message_id}).json()["Bounces"]
    assert [(b["Type"], b["TypeCode"], b["Email"]) for b in bounces] == [("SMTPApiError", 100007, "b@example.org")]
    dump = server.api().request("GET", f"/bounces/{bounces[0]['ID']}/dump", server=server.server_token).json()["Body"]
    assert subject in dump


def test_starttls_discards_pipelined_plaintext(smtp_server):
    server = smtp_server
    sock = socket.create_connection(("127.0.0.1", server.smtp_port), timeout=30)
    data = b""
    while b"\r\n" not in data:
        data += sock.recv(4096)
    sock.sendall(b"EHLO raw.test\r\n")
    data = b""
    while b"250 " not in data:
        data += sock.recv(4096)
    # The injected command after STARTTLS must never be answered inside the TLS session.
    sock.sendall(b"STARTTLS\r\nNOOP injected\r\n")
    data = b""
    while b"\r\n" not in data:
        data += sock.recv(4096)
    assert data.startswith(b"220"), data
    tls = tls_context(server).wrap_socket(sock, server_hostname="postage.test")
    tls.sendall(b"NOOP after\r\n")
    reply = b""
    while b"\r\n" not in reply:
        reply += tls.recv(4096)
    # Exactly one reply: the NOOP sent over TLS. A reply to the injected NOOP would come first.
    tls.sendall(b"QUIT\r\n")
    rest = b""
    while True:
        chunk = tls.recv(4096)
        if not chunk:
            break
        rest += chunk
    tls.close()
    assert reply.startswith(b"250"), reply
    assert rest.startswith(b"221"), (reply, rest)
    assert b"250" not in rest, (reply, rest)


def test_smtp_source_volume_with_loopback_token(servers):
    """Postfix's smtp-source cannot AUTH: with POSTAGE_SUBMISSION_LOOPBACK_TOKEN a loopback
    session submits as that server."""
    first = servers.server(extra_env=smtp_env())
    token = first.server_token
    first.stop()
    server = servers.server(database=first.database, extra_env=smtp_env(POSTAGE_SUBMISSION_LOOPBACK_TOKEN=token))
    server.server_token = token
    result = subprocess.run(
        [SMTP_SOURCE, "-s", "5", "-m", "200", "-l", "1024", "-f", "load@example.test", "-t", "sink@example.org",
         "-S", "smtp-source volume", "-M", "source.test", f"127.0.0.1:{server.smtp_port}"],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    poll(lambda: server.api().total(token, subject="volume") == 200, 30,
         message="all 200 smtp-source messages stored")


def test_sigterm_lets_a_session_in_data_finish(servers):
    """Graceful shutdown: a session in DATA completes its message (250 after the commit) before
    the process exits 0; a new connection is no longer accepted."""
    server = servers.server(extra_env=smtp_env())
    session = RawSession(server)
    assert session.command(b"MAIL FROM:<drain@example.test>")[0] == 250
    assert session.command(b"RCPT TO:<r@example.org>")[0] == 250
    assert session.command(b"DATA")[0] == 354
    subject = f"drained {uid()}"
    session.send(b"From: drain@example.test\r\nSubject: " + subject.encode() + b"\r\n\r\nfirst half\r\n")
    token = server.server_token
    server.proc.send_signal(15)
    time.sleep(0.5)  # the listener closes; the session in DATA stays
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", server.smtp_port), timeout=2).recv(1)  # refused or closed
    session.send(b"second half\r\n.\r\n")
    code, text = session.reply()
    assert code == 250, (code, text)
    message_id = text.decode().rsplit("queued as ", 1)[1].strip()
    code, _ = session.reply()  # then 421 and close
    assert code in (421, None)
    session.close()
    assert server.proc.wait(timeout=30) == 0
    # The message was committed: visible after a restart on the same database.
    server.start()
    assert server.api().details(token, message_id).status_code == 200


def test_connections_per_address_are_limited(servers):
    server = servers.server(extra_env=smtp_env(POSTAGE_SUBMISSION_CONNECTIONS_PER_IP="2"))
    first = connect(server)
    second = connect(server)
    third = socket.create_connection(("127.0.0.1", server.smtp_port), timeout=10)
    data = b""
    while b"\r\n" not in data:
        chunk = third.recv(4096)
        if not chunk:
            break
        data += chunk
    assert data.startswith(b"421 4.7.0"), data
    assert third.recv(4096) == b""  # closed after the 421
    third.close()
    first.quit()
    # A slot is free again once a session ends.
    def greeted():
        try:
            fourth = connect(server)
        except smtplib.SMTPConnectError:
            return False
        fourth.quit()
        return True
    poll(greeted, 10, message="a connection after one closed")
    second.quit()


def test_idle_sessions_are_closed_with_421(servers):
    server = servers.server(extra_env=smtp_env(POSTAGE_SUBMISSION_IDLE_SECONDS="1"))
    sock = socket.create_connection(("127.0.0.1", server.smtp_port), timeout=30)
    data = b""
    while True:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    sock.close()
    lines = data.split(b"\r\n")
    assert lines[0].startswith(b"220"), data
    assert lines[1].startswith(b"421 4.4.2"), data


def test_auth_is_refused_when_smtp_is_not_activated_on_the_server(smtp_server):
    server = smtp_server
    r = server.api().request("PUT", "/server", server=server.server_token, json_body={"SmtpApiActivated": False})
    assert r.status_code == 200 and r.json()["SmtpApiActivated"] is False, r.text
    client = secure(server, connect(server))
    with pytest.raises(smtplib.SMTPAuthenticationError) as failure:
        client.login(server.server_token, server.server_token)
    assert failure.value.smtp_code == 535
    client.close()
    server.api().request("PUT", "/server", server=server.server_token, json_body={"SmtpApiActivated": True})
    client = secure(server, connect(server))
    client.login(server.server_token, server.server_token)
    client.quit()
