"""Domains and DKIM end to end: the Domains API makes keys and says what to publish; verification
looks the records up through Postage's resolver in a real DNS server on loopback (dnsmasq, restarted
with the published records); a verified domain signs its mail with its own key (dkimpy verifies what
the MX receives), rotation keeps signing with the old key until the new one verifies, and with
POSTAGE_ALLOW_UNVERIFIED_SENDERS=false only verified domains may send."""

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from harness import ACCOUNT_TOKEN, uid
from test_delivery import DNSMASQ, REPO, ZONE, dump_for, free_dns_port, send, strip_sink_headers, wait_events, world  # noqa: F401,E501

BOUNCE_DOMAIN = "bounces.postage.test"


class Zone:
    """dnsmasq on a fixed port, restarted whenever records are added (the server keeps its port)."""

    def __init__(self, root: Path):
        self.root = root
        self.port = free_dns_port()
        self.extra: list[str] = []
        self.proc = None
        self.start()

    def start(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait(10)
        conf = self.root / "zone.conf"
        conf.write_text(f"port={self.port}\nlisten-address=127.0.0.1\nbind-interfaces\nno-resolv\nno-hosts\nno-poll\n"
                        f"local=/test/\nlocal-ttl=0\nno-negcache\n{ZONE}\n" + "\n".join(self.extra) + "\n")
        self.proc = subprocess.Popen([DNSMASQ, "--keep-in-foreground", f"--conf-file={conf}", "--user=root"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            probe = subprocess.run(["python3", "-c", f"import socket; s=socket.create_connection(('127.0.0.1',{self.port}),1)"],
                                   capture_output=True)
            if probe.returncode == 0:
                return
            time.sleep(0.05)
        raise RuntimeError("dnsmasq did not start")

    def add(self, *lines):
        self.extra += list(lines)
        self.start()

    def close(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait(10)


def txt_record(host: str, value: str) -> str:
    """A dnsmasq txt-record with the value split into 100-octet strings, as a 2048-bit key must be
    (RFC 6376 section 3.6.2.2: the strings are concatenated)."""
    parts = [value[i:i + 100] for i in range(0, len(value), 100)]
    return f"txt-record={host}," + ",".join(f'"{p}"' for p in parts)


@pytest.fixture
def zone(tmp_path):
    z = Zone(tmp_path)
    yield z
    z.close()


def account(server, method, path, body=None):
    return server.api().request(method, path, account=ACCOUNT_TOKEN, json_body=body)


def mta_env(world, zone, **extra):  # noqa: F811
    env = dict(world.env, POSTAGE_DNS_SERVERS=f"127.0.0.1:{zone.port}")
    env.update(extra)
    return env


def test_domain_lifecycle_verification_signing_and_rotation(servers, world, zone, tmp_path):  # noqa: F811
    server = servers.server(extra_env=mta_env(world, zone, POSTAGE_ROLES="api,delivery,inbound",
                                              POSTAGE_INBOUND_ADDRESS="127.0.0.1:0"))
    name = f"d{uid()[:8]}.test"
    r = account(server, "POST", "/domains", {"Name": name, "ReturnPathDomain": f"pm-bounces.{name}"})
    assert r.status_code == 200, r.text
    domain = r.json()
    assert domain["Name"] == name and domain["DKIMVerified"] is False and domain["DKIMUpdateStatus"] == "Pending"
    assert domain["DKIMPendingHost"].endswith(f"pm._domainkey.{name}") and domain["DKIMHost"] == ""
    assert domain["DKIMPendingTextValue"].startswith("v=DKIM1; k=rsa; p=")
    assert domain["ReturnPathDomainCNAMEValue"] == BOUNCE_DOMAIN
    assert "PrivateKey" not in json.dumps(domain) and "BEGIN" not in json.dumps(domain)
    did = domain["ID"]
    assert account(server, "POST", "/domains", {"Name": name.upper()}).json()["ErrorCode"] == 512

    # Nothing published yet: not verified, and the reason is kept.
    r = account(server, "PUT", f"/domains/{did}/verifyDkim")
    assert r.status_code == 200 and r.json()["DKIMVerified"] is False, r.text
    # A wrong key is not accepted either.
    wrong = account(server, "POST", "/domains", {"Name": f"other-{name}"}).json()
    zone.add(txt_record(domain["DKIMPendingHost"], wrong["DKIMPendingTextValue"]))
    assert account(server, "PUT", f"/domains/{did}/verifyDkim").json()["DKIMVerified"] is False

    # The right record (split into strings) and the Return-Path CNAME.
    zone.extra = []
    zone.add(txt_record(domain["DKIMPendingHost"], domain["DKIMPendingTextValue"]),
             f"cname=pm-bounces.{name},{BOUNCE_DOMAIN}", f"host-record={BOUNCE_DOMAIN},127.0.0.21")
    verified = account(server, "PUT", f"/domains/{did}/verifyDkim").json()
    assert verified["DKIMVerified"] is True and verified["DKIMUpdateStatus"] == "Verified", verified
    assert verified["DKIMHost"] == domain["DKIMPendingHost"] and verified["DKIMPendingHost"] == ""
    rp = account(server, "PUT", f"/domains/{did}/verifyReturnPath").json()
    assert rp["ReturnPathDomainVerified"] is True, rp

    # Mail from the domain is signed with its key (d=<domain>) and the platform key; dkimpy verifies both.
    from harness import postage_binary
    platform = json.loads(subprocess.run([str(postage_binary()), "dkim"], env=server.environment(), cwd=server.workdir,
                                         capture_output=True, text=True, check=True).stdout)
    zone_file = tmp_path / "keys.txt"

    def verify(subject, expected_domains):
        message_id = server.postmarker().emails.send(
            From=f"App <app@{name}>", To="rcpt@deliver.test", Subject=subject, TextBody=f"hello {subject}")["MessageID"]
        assert wait_events(server, message_id, 1)["MessageEvents"][0]["Type"] == "Delivered"
        eml = tmp_path / f"{uid()}.eml"
        eml.write_bytes(strip_sink_headers(dump_for(world, "mx1", subject)))
        result = subprocess.run([sys.executable, str(REPO / "tests" / "tools" / "dkim_verify.py"), "--zone", str(zone_file),
                                 str(eml)], capture_output=True, text=True, timeout=60)
        sigs = json.loads(result.stdout)["messages"][0]["signatures"]
        assert sorted(s["d"] for s in sigs) == sorted(expected_domains), sigs
        assert all(s["pass"] for s in sigs), sigs
        # The verified Return-Path domain is the envelope sender (SPF and DMARC align).
        assert f"pm_bounces+{message_id}@pm-bounces.{name}".encode() in dump_for(world, "mx1", subject)
        return sigs

    zone_file.write_text(f"{verified['DKIMHost']} {verified['DKIMTextValue']}\n"
                         + "".join(f"{p['Host']} {p['Value']}\n" for p in platform))
    first = verify(f"signed {uid()}", [name, BOUNCE_DOMAIN])
    first_selector = next(s["s"] for s in first if s["d"] == name)

    # A DSN mailed to that Return-Path domain is taken by the inbound listener (once it has re-read
    # the verified Return-Path domains) and recorded as a bounce of its message.
    bounced_id = server.postmarker().emails.send(From=f"app@{name}", To="gone@deliver.test", Subject="b",
                                                 TextBody="x")["MessageID"]
    wait_events(server, bounced_id, 1)
    from test_bounces import dsn
    report = tmp_path / "dsn.eml"
    report.write_text(dsn(bounced_id, "gone@deliver.test"))

    def accepted():
        result = subprocess.run(["swaks", "--server", "127.0.0.1", "--port", str(server.inbound_port), "--from", "",
                                 "--to", f"pm_bounces+{bounced_id}@pm-bounces.{name}", "--data", f"@{report}"],
                                capture_output=True, text=True, timeout=60)
        return result.returncode == 0
    from harness import poll
    poll(accepted, 40, interval=1, message="the inbound listener accepts the verified Return-Path domain")
    listed = server.api().request("GET", "/bounces", server=server.server_token,
                                  params={"count": 10, "offset": 0, "messageID": bounced_id}).json()
    assert [b["Type"] for b in listed["Bounces"]] == ["HardBounce"], listed

    # Rotation: a pending key; signing stays on the old key until the new record verifies.
    rotated = account(server, "POST", f"/domains/{did}/rotatedkim").json()
    assert rotated["DKIMUpdateStatus"] == "Pending" and rotated["DKIMPendingHost"] != verified["DKIMHost"]
    assert account(server, "POST", f"/domains/{did}/rotatedkim").json()["ErrorCode"] == 505
    during = verify(f"during {uid()}", [name, BOUNCE_DOMAIN])
    assert next(s["s"] for s in during if s["d"] == name) == first_selector
    zone.add(txt_record(rotated["DKIMPendingHost"], rotated["DKIMPendingTextValue"]))
    done = account(server, "PUT", f"/domains/{did}/verifyDkim").json()
    assert done["DKIMHost"] == rotated["DKIMPendingHost"] and done["DKIMRevokedHost"] == verified["DKIMHost"]
    assert done["SafeToRemoveRevokedKeyFromDNS"] is True
    zone_file.write_text(f"{done['DKIMHost']} {done['DKIMTextValue']}\n"
                         + "".join(f"{p['Host']} {p['Value']}\n" for p in platform))
    time.sleep(11)  # the signing nodes cache a domain's key for 10 s
    after = verify(f"after {uid()}", [name, BOUNCE_DOMAIN])
    assert next(s["s"] for s in after if s["d"] == name) != first_selector

    listed = account(server, "GET", "/domains?count=50&offset=0").json()
    assert name in [d["Name"] for d in listed["Domains"]]
    assert account(server, "DELETE", f"/domains/{did}").json() == {"ErrorCode": 0, "Message": f"Domain {name} removed."}
    assert account(server, "GET", f"/domains/{did}").json()["ErrorCode"] == 510


def test_only_verified_domains_may_send_when_required(servers, world, zone):  # noqa: F811
    server = servers.server(extra_env=mta_env(world, zone, POSTAGE_ALLOW_UNVERIFIED_SENDERS="false"))
    r = server.api().send(server.server_token, {"From": "a@unverified.test", "To": "rcpt@deliver.test",
                                                "Subject": "s", "TextBody": "x"})
    assert r.status_code == 422 and r.json()["ErrorCode"] == 400, r.text
    assert "(a@unverified.test) is not a Sender Signature" in r.json()["Message"]
    name = f"v{uid()[:8]}.test"
    domain = account(server, "POST", "/domains", {"Name": name}).json()
    zone.add(txt_record(domain["DKIMPendingHost"], domain["DKIMPendingTextValue"]))
    assert account(server, "PUT", f"/domains/{domain['ID']}/verifyDkim").json()["DKIMVerified"] is True
    # A subdomain of a verified domain may send too (relaxed DMARC alignment).
    for sender in (f"a@{name}", f"b@mail.{name}"):
        r = server.api().send(server.server_token, {"From": sender, "To": "rcpt@deliver.test", "Subject": "s",
                                                    "TextBody": "x"})
        assert r.status_code == 200 and r.json()["ErrorCode"] == 0, r.text


def test_verified_domains_are_checked_again_on_a_schedule(servers, world, zone):  # noqa: F811
    from harness import poll
    server = servers.server(extra_env=mta_env(world, zone, POSTAGE_DOMAIN_RECHECK_SECONDS="1"))
    name = f"r{uid()[:8]}.test"
    domain = account(server, "POST", "/domains", {"Name": name}).json()
    zone.add(txt_record(domain["DKIMPendingHost"], domain["DKIMPendingTextValue"]))
    assert account(server, "PUT", f"/domains/{domain['ID']}/verifyDkim").json()["DKIMVerified"] is True
    time.sleep(3)  # a few re-checks with the record in place change nothing
    assert account(server, "GET", f"/domains/{domain['ID']}").json()["DKIMVerified"] is True
    zone.extra = []
    zone.start()  # the record is gone
    poll(lambda: account(server, "GET", f"/domains/{domain['ID']}").json()["DKIMVerified"] is False, 30,
         interval=0.5, message="the re-check noticed the missing record")
    assert "domain no longer verifies" in server.stderr_text()


def test_a_domain_can_add_an_ed25519_signature_that_dkimpy_verifies(servers, world, zone, tmp_path):  # noqa: F811
    """Postage's extension: `Ed25519Signing: true` gives the domain an Ed25519 key (RFC 8463) with its own
    selector; once both records verify, its mail carries a domain signature of each algorithm."""
    server = servers.server(extra_env=mta_env(world, zone))
    name = f"e{uid()[:8]}.test"
    plain = account(server, "POST", "/domains", {"Name": f"plain-{name}"}).json()
    assert not any("Ed25519" in key for key in plain), plain  # other domains show exactly Postmark's fields
    domain = account(server, "POST", "/domains", {"Name": name, "Ed25519Signing": True,
                                                  "ReturnPathDomain": f"pm.{name}"}).json()
    assert domain["Ed25519Signing"] is True and domain["DKIMEd25519Verified"] is False, domain
    assert domain["DKIMEd25519Host"].endswith(f"pme._domainkey.{name}")
    assert domain["DKIMEd25519TextValue"].startswith("v=DKIM1; k=ed25519; p=")
    assert account(server, "POST", "/domains", {"Name": f"x-{name}", "Ed25519Signing": "yes"}).json()["ErrorCode"] == 511

    zone.add(txt_record(domain["DKIMPendingHost"], domain["DKIMPendingTextValue"]),
             txt_record(domain["DKIMEd25519Host"], domain["DKIMEd25519TextValue"]))
    verified = account(server, "PUT", f"/domains/{domain['ID']}/verifyDkim").json()
    assert verified["DKIMVerified"] is True and verified["DKIMEd25519Verified"] is True, verified

    from harness import postage_binary
    platform = json.loads(subprocess.run([str(postage_binary()), "dkim"], env=server.environment(), cwd=server.workdir,
                                         capture_output=True, text=True, check=True, timeout=60).stdout)
    zone_file = tmp_path / "keys.txt"
    zone_file.write_text(f"{verified['DKIMHost']} {verified['DKIMTextValue']}\n"
                         f"{verified['DKIMEd25519Host']} {verified['DKIMEd25519TextValue']}\n"
                         + "".join(f"{p['Host']} {p['Value']}\n" for p in platform))
    subject = f"ed25519 {uid()}"
    message_id = server.postmarker().emails.send(From=f"app@{name}", To="rcpt@deliver.test", Subject=subject,
                                                 TextBody="hello")["MessageID"]
    assert wait_events(server, message_id, 1)["MessageEvents"][0]["Type"] == "Delivered"
    eml = tmp_path / "signed.eml"
    eml.write_bytes(strip_sink_headers(dump_for(world, "mx1", subject)))
    result = subprocess.run([sys.executable, str(REPO / "tests" / "tools" / "dkim_verify.py"), "--zone", str(zone_file),
                             str(eml)], capture_output=True, text=True, timeout=60)
    sigs = json.loads(result.stdout)["messages"][0]["signatures"]
    assert sorted((s["d"], s["a"]) for s in sigs) == sorted(
        [(name, "rsa-sha256"), (name, "ed25519-sha256"), (BOUNCE_DOMAIN, "rsa-sha256")]), sigs
    assert all(s["pass"] for s in sigs), sigs

    # Turned off: the key is gone from the details (the storage contract tests check it stops signing);
    # the Return-Path, not named in the body, is kept.
    off = account(server, "PUT", f"/domains/{domain['ID']}", {"Ed25519Signing": False}).json()
    assert "DKIMEd25519Host" not in off and off["DKIMVerified"] is True, off
    assert off["ReturnPathDomain"] == f"pm.{name}", off
    again = account(server, "PUT", f"/domains/{domain['ID']}", {"Ed25519Signing": True, "ReturnPathDomain": None}).json()
    assert again["DKIMEd25519Host"] != domain["DKIMEd25519Host"] or again["DKIMEd25519TextValue"] != domain["DKIMEd25519TextValue"]
    assert again["DKIMEd25519Verified"] is False and again["ReturnPathDomain"] == f"pm.{name}", again
