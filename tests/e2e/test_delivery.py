"""Delivery end to end: postmarker sends through the API, Postage looks the recipient domain up in a
real DNS server on loopback (dnsmasq) and delivers over SMTP into real servers (Postfix smtp-sink)
on 127.0.0.x, and the Messages API shows each attempt and outcome."""

import json
import sys
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from harness import parse_message, poll, uid
from vanishing_mx import VanishingMX

DNSMASQ = shutil.which("dnsmasq") or "/usr/sbin/dnsmasq"
SMTP_SINK = shutil.which("smtp-sink") or "/usr/sbin/smtp-sink"
REPO = Path(__file__).resolve().parents[2]

# Every MX host listens on the same port at its own loopback address (POSTAGE_SMTP_PORT).
HOSTS = {
    "mx1": "127.0.0.21",       # accepts everything
    "mx2": "127.0.0.22",       # accepts everything (second preference of fallback.test)
    "down": "127.0.0.23",      # nothing listens: connection refused
    "reject": "127.0.0.25",    # 550 5.1.1 to every RCPT
    "flaky": "127.0.0.26",     # 450 to every RCPT until the test swaps in an accepting sink
    "vanish": "127.0.0.27",    # a Python server (vanishing_mx.py) that drops one transaction mid-DATA
}

ZONE = """
mx-host=deliver.test,mx1.deliver.test,10
host-record=mx1.deliver.test,127.0.0.21
mx-host=fallback.test,down.fallback.test,10
mx-host=fallback.test,mx2.fallback.test,20
host-record=down.fallback.test,127.0.0.23
host-record=mx2.fallback.test,127.0.0.22
host-record=implicit.test,127.0.0.21
mx-host=nullmx.test,.,0
mx-host=reject.test,mx.reject.test,10
host-record=mx.reject.test,127.0.0.25
mx-host=flaky.test,mx.flaky.test,10
host-record=mx.flaky.test,127.0.0.26
mx-host=vanish.test,mx.vanish.test,10
host-record=mx.vanish.test,127.0.0.27
"""


def free_port(hosts) -> int:
    """A port free on every given address."""
    for _ in range(200):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        try:
            for host in hosts:
                with socket.socket() as s:
                    s.bind((host, port))
            return port
        except OSError:
            continue
    raise RuntimeError("no common free port")


def free_dns_port() -> int:
    """A port free on 127.0.0.1 for UDP and for TCP."""
    for _ in range(200):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind(("127.0.0.1", 0))
            port = udp.getsockname()[1]
            try:
                with socket.socket() as tcp:
                    tcp.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    raise RuntimeError("no free DNS port")


def ensure_peers_installed():
    if not (os.path.exists(SMTP_SINK) and os.path.exists(DNSMASQ)):
        subprocess.run(["bash", str(REPO / "scripts" / "smtp-peers.sh"), "install"], check=True)
        subprocess.run(["bash", "-c", "command -v dnsmasq || (apt-get update -qq && "
                        "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dnsmasq-base)"], check=True)


class MailWorld:
    def __init__(self, root: Path):
        ensure_peers_installed()
        self.root = root
        self.port = free_port(HOSTS.values())
        self.procs: dict[str, subprocess.Popen] = {}
        self.start_dns()
        self.sink("mx1")
        self.sink("mx2")
        self.sink("reject", "-f", "RCPT", "-B", "550 5.1.1 <nobody>: Recipient address rejected: User unknown")
        self.sink("flaky", "-r", "RCPT", "-b", "450 4.2.0 Try again later")
        for name in ["mx1", "mx2", "reject", "flaky"]:
            self.wait_listening(HOSTS[name])

    def start_dns(self):
        """dnsmasq on a port free for both UDP and TCP (it binds both), checked to be answering;
        a port taken between the probe and dnsmasq's bind is retried with another one."""
        errors = []
        for attempt in range(5):
            self.dns_port = free_dns_port()
            conf = self.root / f"dnsmasq-{attempt}.conf"
            conf.write_text(f"port={self.dns_port}\nlisten-address=127.0.0.1\nbind-interfaces\nno-resolv\n"
                            f"no-hosts\nno-poll\nlocal=/test/\nlocal-ttl=1\n{ZONE}")
            log = self.root / f"dnsmasq-{attempt}.log"
            proc = subprocess.Popen([DNSMASQ, "--keep-in-foreground", "--log-facility=-", f"--conf-file={conf}",
                                     "--user=root"], stdout=subprocess.DEVNULL, stderr=open(log, "wb"))
            deadline = time.monotonic() + 10
            while proc.poll() is None and time.monotonic() < deadline:
                try:
                    with socket.create_connection(("127.0.0.1", self.dns_port), timeout=0.5):
                        self.procs["dns"] = proc
                        return
                except OSError:
                    time.sleep(0.05)
            if proc.poll() is None:
                proc.kill()
            errors.append(log.read_text(errors="replace"))
        raise RuntimeError("dnsmasq did not start:\n" + "\n".join(errors))

    def dump_dir(self, name) -> Path:
        path = self.root / f"dump-{name}"
        path.mkdir(exist_ok=True)
        path.chmod(0o777)
        return path

    def sink(self, name, *flags):
        args = [SMTP_SINK, "-u", "nobody", "-h", f"{name}.test", "-d", f"{self.dump_dir(name)}/%M.", *flags,
                f"{HOSTS[name]}:{self.port}", "64"]
        self.procs[name] = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(self, name):
        proc = self.procs.pop(name)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)

    def wait_listening(self, host):
        def up():
            try:
                with socket.create_connection((host, self.port), timeout=0.5):
                    return True
            except OSError:
                return False
        poll(up, 10, message=f"smtp-sink on {host}:{self.port}")

    def dumps(self, name) -> list[bytes]:
        return [p.read_bytes() for p in sorted(self.dump_dir(name).iterdir()) if p.is_file()]

    def close(self):
        for proc in self.procs.values():
            proc.send_signal(signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()

    @property
    def env(self) -> dict:
        return {
            "POSTAGE_ROLES": "api,delivery",
            "POSTAGE_DNS_SERVERS": f"127.0.0.1:{self.dns_port}",
            "POSTAGE_SMTP_PORT": str(self.port),
            "POSTAGE_BOUNCE_DOMAIN": "bounces.postage.test",
            "POSTAGE_RETRY_INITIAL_SECONDS": "1",
        }


@pytest.fixture(scope="module")
def world():
    # smtp-sink writes its dumps as "nobody": pytest's own temporary folders are private to root.
    root = Path(tempfile.mkdtemp(prefix="postage-mailworld-"))
    root.chmod(0o755)
    w = MailWorld(root)
    yield w
    w.close()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def mta(backend, world, tmp_path_factory):
    from conftest import ServerFactory
    factory = ServerFactory(backend, tmp_path_factory.mktemp(f"delivery-{backend}"))
    server = factory.server(extra_env=world.env)
    yield server
    factory.finish()


def send(server, to, subject=None):
    client = server.postmarker()
    subject = subject or f"delivery {uid()}"
    response = client.emails.send(From="Sender <sender@postage.test>", To=to, Subject=subject,
                                  TextBody=f"Hello {subject}", HtmlBody=f"<p>Hello {subject}</p>")
    assert response["ErrorCode"] == 0
    return response["MessageID"], subject


def details(server, message_id):
    return server.api().request("GET", f"/messages/outbound/{message_id}/details",
                                server=server.server_token).json()


def wait_events(server, message_id, count, timeout=30):
    def ready():
        body = details(server, message_id)
        return body if len(body.get("MessageEvents", [])) >= count else None
    return poll(ready, timeout, interval=0.1, message=f"{count} events for {message_id}")


def dump_for(world, name, subject) -> bytes:
    def find():
        for data in world.dumps(name):
            if subject.encode() in data:
                return data
        return None
    return poll(find, 20, message=f"{subject} at {name}")


SINK_FIELDS = (b"x-client-addr", b"x-client-proto", b"x-helo-args", b"x-mail-args", b"x-rcpt-args", b"received")


def strip_sink_headers(dump: bytes) -> bytes:
    """smtp-sink prefixes each dump with X-Client-Addr/X-Helo-Args/X-Mail-Args/X-Rcpt-Args fields and
    its own (folded) Received field; what follows is the message as it came over the wire."""
    newline = b"\r\n" if b"\r\n" in dump else b"\n"
    lines = dump.split(newline)
    while lines and (lines[0].split(b":")[0].lower() in SINK_FIELDS):
        lines.pop(0)
        while lines and lines[0][:1] in (b" ", b"\t"):  # continuation lines of a folded field
            lines.pop(0)
    return b"\r\n".join(lines)


def test_delivered_byte_for_byte_with_its_event(mta, world):
    message_id, subject = send(mta, "Rcpt <rcpt@deliver.test>")
    body = wait_events(mta, message_id, 1)
    event = body["MessageEvents"][0]
    assert event["Type"] == "Delivered", body["MessageEvents"]
    assert event["Recipient"] == "rcpt@deliver.test"
    assert event["Details"]["DestinationServer"] == "mx1.deliver.test"
    assert event["Details"]["DestinationIP"] == "127.0.0.21"
    assert event["Details"]["DeliveryMessage"].startswith("250")
    assert body["Status"] == "Sent"
    raw = mta.api().request("GET", f"/messages/outbound/{message_id}/dump", server=mta.server_token).json()["Body"]
    delivered = strip_sink_headers(dump_for(world, "mx1", subject))
    assert delivered.rstrip(b"\r\n") == raw.encode().rstrip(b"\r\n")
    assert f"MAIL FROM:<pm_bounces+{message_id}@bounces.postage.test>".encode() in dump_for(world, "mx1", subject) \
        or f"pm_bounces+{message_id}@bounces.postage.test".encode() in dump_for(world, "mx1", subject)
    searched = mta.api().request("GET", "/messages/outbound", server=mta.server_token,
                                 params={"count": 50, "offset": 0, "status": "sent", "subject": subject}).json()
    assert [m["MessageID"] for m in searched["Messages"]] == [message_id]


def test_next_mx_when_the_first_is_down(mta, world):
    message_id, subject = send(mta, "rcpt@fallback.test")
    event = wait_events(mta, message_id, 1)["MessageEvents"][0]
    assert event["Type"] == "Delivered"
    assert event["Details"]["DestinationServer"] == "mx2.fallback.test"
    dump_for(world, "mx2", subject)


def test_implicit_mx(mta, world):
    message_id, subject = send(mta, "rcpt@implicit.test")
    event = wait_events(mta, message_id, 1)["MessageEvents"][0]
    assert event["Type"] == "Delivered"
    assert event["Details"]["DestinationIP"] == "127.0.0.21"


def test_null_mx_is_an_immediate_hard_bounce(mta):
    message_id, _ = send(mta, "rcpt@nullmx.test")
    body = wait_events(mta, message_id, 1)
    event = body["MessageEvents"][0]
    assert event["Type"] == "Bounced"
    assert event["Details"]["BounceType"] == "HardBounce"
    assert "5.1.10" in event["Details"]["Summary"]


def test_5xx_is_a_hard_bounce_with_the_remote_reply(mta):
    message_id, _ = send(mta, "nobody@reject.test")
    event = wait_events(mta, message_id, 1)["MessageEvents"][0]
    assert event["Type"] == "Bounced"
    assert event["Details"]["BounceType"] == "HardBounce"
    assert event["Details"]["Summary"].startswith("550 5.1.1")
    assert "User unknown" in event["Details"]["Summary"]


def test_4xx_then_success_after_a_retry(mta, world):
    # The mail world is shared by both backends' runs: put the refusing sink back first.
    if "flaky" in world.procs:
        world.stop("flaky")
    world.sink("flaky", "-r", "RCPT", "-b", "450 4.2.0 Try again later")
    world.wait_listening(HOSTS["flaky"])
    message_id, subject = send(mta, "rcpt@flaky.test")
    first = wait_events(mta, message_id, 1)["MessageEvents"][0]
    assert first["Type"] == "Transient"
    assert first["Details"]["DeliveryMessage"].startswith("450")
    world.stop("flaky")
    world.sink("flaky")
    world.wait_listening(HOSTS["flaky"])
    body = poll(lambda: (b := details(mta, message_id)) and any(e["Type"] == "Delivered" for e in b["MessageEvents"]) and b,
                60, interval=0.2, message="delivery after the retry")
    assert [e["Type"] for e in body["MessageEvents"]][0] == "Transient"
    assert body["MessageEvents"][-1]["Type"] == "Delivered"
    dump_for(world, "flaky", subject)


VANISH_CASES = [
    # (how the remote vanishes, message size): "small" is written whole before the server is gone,
    # so Postage notices while waiting for the reply; "large" (6 MB, more than a loopback send
    # buffer, at most 4 MB by default, holds while the server reads nothing) is still being written.
    ("fin", "small"),
    ("rst", "small"),
    ("fin", "large"),
    ("rst", "large"),
    ("after_data", "small"),
]


@pytest.mark.parametrize(("mode", "size"), VANISH_CASES, ids=[f"{m}-{s}" for m, s in VANISH_CASES])
def test_vanish_mid_data_gives_a_retry_not_a_loss(mta, world, mode, size):
    """The MX dies during DATA of the first attempt: the attempt is Transient (not a bounce, not
    Delivered), the retry delivers the complete message byte for byte, and the remote is told
    about it once.

    after_data is the documented duplicate window (architecture.md, promises 2): the remote had the
    whole message when it vanished without a reply, so Postage cannot know and must retry; the
    remote then holds two copies, of which only the retry's was acknowledged."""
    mx = VanishingMX(HOSTS["vanish"], world.port, mode).start()
    try:
        check_vanish(mta, mx, mode, size)
    finally:
        mx.stop()


def check_vanish(mta, mx, mode, size):
    subject = f"vanish {mode} {size} {uid()}"
    # A line that starts with "." checks the dot-stuffing of the retried transaction too.
    text = f"Hello {subject}\n.a line that starts with a dot\n"
    html = f"<p>Hello {subject}</p>\n"
    if size == "large":
        # 3 MB in each body (each field may hold up to 5 MB).
        line = "0123456789abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ\n"
        text += line * (3 * 1024 * 1024 // len(line))
        html += ("<p>" + line.strip() + "</p>\n") * (3 * 1024 * 1024 // (len(line) + 7))
    response = mta.postmarker().emails.send(From="Sender <sender@postage.test>", To="Rcpt <rcpt@vanish.test>",
                                            Subject=subject, TextBody=text, HtmlBody=html)
    assert response["ErrorCode"] == 0, response
    message_id = response["MessageID"]

    def diagnosis() -> str:
        return (f"\nevents: {json.dumps(details(mta, message_id).get('MessageEvents'), indent=1)}"
                f"\nvanishing MX log:\n{mx.log_text()}\npostage stderr tail:\n{mta.stderr_tail()}")

    try:
        first = wait_events(mta, message_id, 1, timeout=60)["MessageEvents"][0]
        body = poll(lambda: (b := details(mta, message_id)) and any(e["Type"] == "Delivered" for e in b["MessageEvents"])
                    and b, 60, interval=0.2, message="delivery after the retry")
    except AssertionError as error:
        raise AssertionError(f"{error}{diagnosis()}") from None
    print(f"\n{mode}/{size}: first attempt {first['Type']}: {first['Details'].get('DeliveryMessage')!r}")

    assert first["Type"] == "Transient", f"first attempt was not deferred{diagnosis()}"
    assert first["Recipient"] == "rcpt@vanish.test"
    assert first["Details"]["DeliveryMessage"][:1] == "4", first
    assert [e["Type"] for e in body["MessageEvents"]] == ["Transient", "Delivered"], diagnosis()
    delivered = body["MessageEvents"][-1]
    assert delivered["Details"]["DestinationServer"] == "mx.vanish.test"
    assert delivered["Details"]["DestinationIP"] == HOSTS["vanish"]
    assert delivered["Details"]["DeliveryMessage"].startswith("250 2.0.0 Ok: queued as VANISH"), delivered
    assert body["Status"] == "Sent", body["Status"]

    raw = mta.api().dump_bytes(mta.server_token, message_id)
    wire = raw if raw.endswith(b"\r\n") else raw + b"\r\n"  # DATA ends the last line
    assert subject.encode() in raw

    # The vanished transaction: the first at the MX, never answered.
    vanished = mx.transactions[0]
    assert vanished.answered is None
    assert vanished.session == 1
    if mode == "after_data":
        assert vanished.complete and vanished.data == wire, "the vanished transaction did not carry the message"
    else:
        assert not vanished.complete and len(vanished.data) == mx.cut and wire.startswith(vanished.data)

    # Exactly one acknowledged copy, on a new connection, complete and equal to the stored message.
    accepted = mx.accepted()
    assert len(accepted) == 1, f"{len(accepted)} copies acknowledged{diagnosis()}"
    copy = accepted[0]
    assert copy.session > vanished.session
    assert copy.recipients == [b"<rcpt@vanish.test>"]
    assert copy.mail_from.startswith(f"<pm_bounces+{message_id}@bounces.postage.test>".encode()), copy.mail_from
    assert copy.complete
    assert len(copy.data) == len(wire) and copy.data == wire, "the delivered copy differs from /dump"
    assert b"\r\n.a line that starts with a dot\r\n" in copy.data or b"=2Ea line" in copy.data

    # Nothing more arrives once the outcome is recorded: wait past a few retry intervals (the
    # retry schedule starts at 1 s) and look again.
    time.sleep(4)
    assert len(mx.accepted()) == 1, f"a duplicate arrived after the delivery{diagnosis()}"
    assert [e["Type"] for e in details(mta, message_id)["MessageEvents"]] == ["Transient", "Delivered"]
    if mode == "after_data":
        # The duplicate window: the remote holds both complete copies, the sender saw one 250.
        assert len(mx.complete()) == 2
    else:
        assert len(mx.complete()) == 1
    assert len(mx.transactions) == 2, diagnosis()


@pytest.mark.parametrize("mode", ["fin", "rst", "after_data"])
def test_vanish_on_a_reused_connection_is_retried_not_lost(mta, world, mode):
    """Postage keeps the connection of a delivery for the next message to that MX. When the MX
    vanishes during DATA of that next message, the message must still end Delivered, with one
    acknowledged copy equal to /dump.

    Once DATA has begun, a failure on a reused connection is an attempt like any other: it is
    recorded as Transient and retried on the schedule (an immediate resend would hide the failed
    try, and for after_data the duplicate it left at the remote, from the Messages API)."""
    mx = VanishingMX(HOSTS["vanish"], world.port, mode, vanish_at=2).start()
    try:
        ids = []
        for n in range(2):
            message_id, _ = send(mta, "rcpt@vanish.test", subject=f"vanish reused {mode} {n} {uid()}")
            ids.append(message_id)
            poll(lambda: any(e["Type"] == "Delivered" for e in details(mta, message_id)["MessageEvents"]), 60,
                 interval=0.2, message=f"message {n} delivered\nvanishing MX log:\n{mx.log_text()}")
        time.sleep(3)  # past a few retry intervals: a late duplicate would show
        events = [details(mta, message_id)["MessageEvents"] for message_id in ids]
        print(f"\nreused/{mode}: events of the second message: "
              f"{[(e['Type'], e['Details'].get('DeliveryMessage')) for e in events[1]]}")
        log = f"\nvanishing MX log:\n{mx.log_text()}"
        assert [e["Type"] for e in events[0]] == ["Delivered"], events[0]
        types = [e["Type"] for e in events[1]]
        assert types == ["Transient", "Delivered"], events[1]
        assert events[1][0]["Details"]["DeliveryMessage"].startswith("451 4.4.2 connection lost at data"), events[1]

        first, vanished = mx.transactions[0], mx.transactions[1]
        assert first.answered and first.answered.startswith(b"250")
        assert vanished.answered is None
        assert vanished.session == first.session, f"the second message did not reuse the connection{log}"
        for message_id in ids:
            wire = mta.api().dump_bytes(mta.server_token, message_id)
            wire = wire if wire.endswith(b"\r\n") else wire + b"\r\n"
            copies = [t for t in mx.accepted() if message_id.encode() in t.mail_from]
            assert len(copies) == 1, f"{len(copies)} acknowledged copies of {message_id}{log}"
            assert copies[0].data == wire, "the delivered copy differs from /dump"
        assert len(mx.accepted()) == 2, log
        assert mx.accepted()[1].session > vanished.session
        # after_data: the remote kept the second message twice (the duplicate window); else once.
        assert len(mx.complete()) == (3 if mode == "after_data" else 2), log
        assert len(mx.transactions) == 3, log
    finally:
        mx.stop()


def test_recipients_at_one_domain_share_one_transaction(mta, world):
    message_id, subject = send(mta, "a@deliver.test, b@deliver.test, c@deliver.test")
    body = wait_events(mta, message_id, 3)
    assert sorted(e["Recipient"] for e in body["MessageEvents"]) == ["a@deliver.test", "b@deliver.test", "c@deliver.test"]
    assert all(e["Type"] == "Delivered" for e in body["MessageEvents"])
    dumps = [d for d in world.dumps("mx1") if subject.encode() in d]
    assert len(dumps) == 1, "expected one SMTP transaction for the three recipients"
    assert dumps[0].count(b"X-Rcpt-Args") == 3 or all(r in dumps[0] for r in [b"a@deliver.test", b"b@deliver.test", b"c@deliver.test"])
    parsed = parse_message(strip_sink_headers(dumps[0]))
    assert parsed["Subject"] == subject


def test_kill_during_delivery_loses_nothing(servers, world):
    """SIGKILL while a burst is being delivered, then restart on the same database: every accepted
    message ends Delivered at the sink. A message can arrive twice only if the process died between
    the sink's 250 and the commit of that outcome; the count of such duplicates is printed."""
    env = dict(world.env, POSTAGE_DELIVERY_LEASE_SECONDS="3")
    server = servers.server(extra_env=env)
    tag = uid()
    count = 400
    api = server.api()
    sent = []
    for start in range(0, count, 200):
        batch = [{"From": "sender@postage.test", "To": f"r{i}@deliver.test", "Subject": f"crash {tag} {i:04d}",
                  "TextBody": "crash test"} for i in range(start, start + 200)]
        response = api.request("POST", "/email/batch", server=server.server_token, json_body=batch)
        assert response.status_code == 200
        for item, message in zip(response.json(), batch):
            assert item["ErrorCode"] == 0
            sent.append((item["MessageID"], message["Subject"]))

    def delivered_subjects():
        found = {}
        for data in world.dumps("mx1"):
            for _, subject in sent:
                if subject.encode() in data:
                    found[subject] = found.get(subject, 0) + 1
        return found

    # Kill as soon as some, but not all, have reached the sink.
    poll(lambda: len(delivered_subjects()) >= 5, 30, interval=0.01, message="first deliveries")
    server.kill()
    before = len(delivered_subjects())
    server.start()

    def all_sent():
        api = server.api()
        for message_id, _ in sent:
            body = api.request("GET", f"/messages/outbound/{message_id}/details", server=server.server_token).json()
            if body.get("Status") != "Sent":
                return False
        return True
    poll(all_sent, 90, interval=0.5, message="every message Sent after the restart")
    counts = delivered_subjects()
    missing = [s for _, s in sent if s not in counts]
    duplicates = {s: n for s, n in counts.items() if n > 1}
    print(f"\ncrash test: {count} accepted, {before} at the sink when killed, {len(counts)} delivered, "
          f"{len(missing)} missing, {len(duplicates)} delivered twice")
    assert not missing
    # Only transactions in flight at the kill can repeat: at most the concurrency limit (32).
    assert len(duplicates) <= 32


def test_smarthost_relay_with_starttls_and_auth(servers, tmp_path):
    """POSTAGE_RELAY_HOST sends everything through one MTA: here aiosmtpd with STARTTLS on a
    self-signed certificate and AUTH, which records whether the session was encrypted and who
    authenticated."""
    peers_dir = Path(tempfile.mkdtemp(prefix="postage-relay-"))
    peers_dir.chmod(0o755)
    script = REPO / "scripts" / "smtp-peers.sh"
    started = subprocess.run(["bash", str(script), "start", str(peers_dir), "--owner-pid", str(os.getpid())],
                             check=True, capture_output=True, text=True).stdout
    try:
        address = dict(line.split("=", 1) for line in started.split() if "=" in line)["aiosmtpd"]
        env = {
            "POSTAGE_ROLES": "api,delivery",
            "POSTAGE_RELAY_HOST": address,
            "POSTAGE_RELAY_TLS": "required",
            "POSTAGE_RELAY_USER": "api-token",
            "POSTAGE_RELAY_PASSWORD": "secret",
            # The relay is an IP literal: no DNS lookup may happen at all.
            "POSTAGE_DNS_SERVERS": "127.0.0.1:9",
        }
        server = servers.server(extra_env=env)
        message_id, subject = send(server, "anyone@anywhere.test")
        event = wait_events(server, message_id, 1)["MessageEvents"][0]
        assert event["Type"] == "Delivered", event
        out = peers_dir / "aiosmtpd-out"
        meta = poll(lambda: [json.loads(p.read_text()) for p in out.glob("*.json")], 20, message="relayed message")
        record = meta[-1]
        assert record["tls"] is True
        assert record["auth_user"] == "api-token"
        assert record["rcpt_tos"] == ["anyone@anywhere.test"]
        eml = sorted(out.glob("*.eml"))[-1].read_bytes()
        assert subject.encode() in eml
    finally:
        subprocess.run(["bash", str(script), "stop", str(peers_dir)], check=False, capture_output=True)
        shutil.rmtree(peers_dir, ignore_errors=True)


def test_a_message_sent_over_smtp_is_delivered_like_an_api_message(servers, world):
    """The SMTP submission path feeds the same queue: a message submitted with smtplib is
    delivered to the recipient's MX, with its X-PM-* headers read and stripped."""
    import smtplib
    server = servers.server(extra_env=dict(world.env, POSTAGE_ROLES="api,delivery,smtp",
                                           POSTAGE_SUBMISSION_ADDRESS="127.0.0.1:0",
                                           POSTAGE_SUBMISSION_PLAINTEXT_AUTH="loopback"))
    subject = f"smtp delivery {uid()}"
    client = smtplib.SMTP("127.0.0.1", server.smtp_port, local_hostname="app.test", timeout=30)
    client.login(server.server_token, server.server_token)
    client.mail("app@postage.test")
    client.rcpt("rcpt@deliver.test")
    code, text = client.data(
        f"From: App <app@postage.test>\r\nTo: rcpt@deliver.test\r\nSubject: {subject}\r\n"
        f"X-PM-Tag: smtp-delivery\r\n\r\nDelivered from SMTP.\r\n".encode())
    client.quit()
    assert code == 250, (code, text)
    message_id = text.decode().rsplit("queued as ", 1)[1].strip()
    body = wait_events(server, message_id, 1)
    event = body["MessageEvents"][0]
    assert event["Type"] == "Delivered", body["MessageEvents"]
    assert event["Details"]["DestinationIP"] == "127.0.0.21"
    assert body["Tag"] == "smtp-delivery"
    dump = dump_for(world, "mx1", subject)
    raw = server.api().dump_bytes(server.server_token, message_id)
    assert strip_sink_headers(dump).rstrip(b"\r\n") == strip_sink_headers(raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")).rstrip(b"\r\n")
    assert f"pm_bounces+{message_id}@bounces.postage.test".encode() in dump
    assert b"X-PM-Tag" not in dump


def test_delivered_messages_carry_dkim_signatures_that_dkimpy_verifies(servers, world, tmp_path):
    """Every message is signed at submission with the platform keys of the bounce domain (RSA 2048
    and, configured here, Ed25519). What arrives at the MX verifies with dkimpy against the records
    `postage dkim` prints; a changed body fails (the check can fail)."""
    from harness import postage_binary
    server = servers.server(extra_env=dict(world.env, POSTAGE_DKIM_ED25519="true"))
    records = json.loads(subprocess.run([str(postage_binary()), "dkim"], env=server.environment(), cwd=server.workdir,
                                        capture_output=True, text=True, check=True, timeout=60).stdout)
    assert sorted(r["Algorithm"] for r in records) == ["ed25519-sha256", "rsa-sha256"], records
    assert all(r["Domain"] == "bounces.postage.test" for r in records)
    zone = tmp_path / "zone.txt"
    zone.write_text("".join(f"{r['Host']} {r['Value']}\n" for r in records))

    message_id, subject = send(server, "rcpt@deliver.test")
    assert wait_events(server, message_id, 1)["MessageEvents"][0]["Type"] == "Delivered"
    delivered = strip_sink_headers(dump_for(world, "mx1", subject))
    good = tmp_path / "delivered.eml"
    good.write_bytes(delivered)
    tampered = tmp_path / "tampered.eml"
    tampered.write_bytes(delivered.replace(b"Hello delivery", b"Hello DELIVERY", 1))
    assert tampered.read_bytes() != delivered
    verifier = REPO / "tests" / "tools" / "dkim_verify.py"
    result = subprocess.run([sys.executable, str(verifier), "--zone", str(zone), str(good), str(tampered)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    verdicts = json.loads(result.stdout)["messages"]
    good_sigs, bad_sigs = verdicts[0]["signatures"], verdicts[1]["signatures"]
    assert sorted(s["a"] for s in good_sigs) == ["ed25519-sha256", "rsa-sha256"], good_sigs
    assert all(s["pass"] for s in good_sigs), good_sigs
    assert all(s["d"] == "bounces.postage.test" and s["c"] == "relaxed/relaxed" for s in good_sigs), good_sigs
    assert bad_sigs and not any(s["pass"] for s in bad_sigs), bad_sigs


def test_a_hard_bounce_suppresses_the_recipient_and_the_next_send_gets_406(mta, world):
    """Reference section 5: a 550 5.1.1 is a HardBounce, the recipient is suppressed on the stream, a
    later send to it alone is refused with ErrorCode 406 (the exact sentence the SDKs parse), a send
    that also has active recipients goes to those only, and deleting the suppression reactivates it."""
    from postmarker.exceptions import ClientError
    gone = f"gone-{uid()}@reject.test"
    message_id, _ = send(mta, gone)
    event = wait_events(mta, message_id, 1)["MessageEvents"][0]
    assert event["Details"]["BounceType"] == "HardBounce"
    api = mta.api()
    token = mta.server_token
    dump = api.request("GET", "/message-streams/outbound/suppressions/dump", server=token,
                       params={"EmailAddress": gone}).json()
    assert [(s["EmailAddress"], s["SuppressionReason"], s["Origin"]) for s in dump["Suppressions"]] == \
        [(gone, "HardBounce", "Recipient")]

    # A real SDK sees ErrorCode 406.
    with pytest.raises(ClientError) as refused:
        mta.postmarker().emails.send(From="sender@postage.test", To=gone, Subject="again", TextBody="x")
    assert refused.value.error_code == 406
    r = api.send(token, {"From": "sender@postage.test", "To": gone, "Subject": "again", "TextBody": "x"})
    assert r.status_code == 422 and r.json()["ErrorCode"] == 406
    assert r.json()["Message"] == (
        f"You tried to send to recipient(s) that have been marked as inactive. Found inactive addresses: {gone}. "
        "Inactive recipients are ones that have generated a hard bounce, a spam complaint, or a manual suppression.")

    # With an active recipient beside it: accepted, and only the active one is queued and delivered.
    subject = f"partial {uid()}"
    r = api.send(token, {"From": "sender@postage.test", "To": f"{gone}, ok@deliver.test", "Subject": subject,
                         "TextBody": "x"})
    assert r.status_code == 200 and r.json()["ErrorCode"] == 0, r.text
    assert r.json()["Message"] == f"Message OK, but will not deliver to these inactive addresses: {gone}."
    partial = r.json()["MessageID"]
    events = wait_events(mta, partial, 1)["MessageEvents"]
    assert [(e["Type"], e["Recipient"]) for e in events] == [("Delivered", "ok@deliver.test")]
    dump_for(world, "mx1", subject)

    # Deleting a HardBounce suppression reactivates the address.
    r = api.request("POST", "/message-streams/outbound/suppressions/delete", server=token,
                    json_body={"Suppressions": [{"EmailAddress": gone}]})
    assert r.json() == {"Suppressions": [{"EmailAddress": gone, "Status": "Deleted", "Message": None}]}
    r = api.send(token, {"From": "sender@postage.test", "To": gone, "Subject": "after delete", "TextBody": "x"})
    assert r.status_code == 200 and r.json()["ErrorCode"] == 0, r.text


def test_manual_suppressions_through_the_api_and_smtp(servers, world):
    import smtplib
    server = servers.server(extra_env=dict(world.env, POSTAGE_ROLES="api,delivery,smtp",
                                           POSTAGE_SUBMISSION_ADDRESS="127.0.0.1:0",
                                           POSTAGE_SUBMISSION_PLAINTEXT_AUTH="loopback"))
    api, token = server.api(), server.server_token
    r = api.request("POST", "/message-streams/outbound/suppressions", server=token,
                    json_body={"Suppressions": [{"EmailAddress": "Manual@Deliver.test"}, {"EmailAddress": "not an address"}]})
    assert r.status_code == 200, r.text
    assert r.json()["Suppressions"] == [
        {"EmailAddress": "Manual@Deliver.test", "Status": "Suppressed", "Message": None},
        {"EmailAddress": "not an address", "Status": "Failed", "Message": "An invalid email address was provided."},
    ]
    dump = api.request("GET", "/message-streams/outbound/suppressions/dump", server=token,
                       params={"SuppressionReason": "ManualSuppression", "Origin": "Customer"}).json()["Suppressions"]
    assert [s["EmailAddress"] for s in dump] == ["Manual@Deliver.test"]
    assert api.request("GET", "/message-streams/outbound/suppressions/dump", server=token,
                       params={"Origin": "Recipient"}).json() == {"Suppressions": []}
    # Per stream: the broadcast stream is not affected; an unknown stream is 1235.
    assert api.request("GET", "/message-streams/broadcast/suppressions/dump", server=token).json() == {"Suppressions": []}
    r = api.request("GET", "/message-streams/nope/suppressions/dump", server=token)
    assert r.status_code == 422 and r.json()["ErrorCode"] == 1235

    r = api.send(token, {"From": "a@postage.test", "To": "manual@deliver.test", "Subject": "s", "TextBody": "x"})
    assert r.json()["ErrorCode"] == 406
    # Over SMTP the same refusal is recorded as an SMTPApiError bounce (406), the SMTP reply is 250.
    client = smtplib.SMTP("127.0.0.1", server.smtp_port, local_hostname="app.test", timeout=30)
    client.login(token, token)
    client.mail("a@postage.test")
    client.rcpt("manual@deliver.test")
    code, text = client.data(b"From: a@postage.test\r\nTo: manual@deliver.test\r\nSubject: smtp suppressed\r\n\r\nx\r\n")
    client.quit()
    assert code == 250
    message_id = text.decode().rsplit("queued as ", 1)[1].strip()
    events = details(server, message_id)["MessageEvents"]
    assert [(e["Type"], e["Details"]["Type"], e["Details"]["ErrorCode"]) for e in events] == \
        [("Bounced", "SMTPApiError", "406")]
