"""Sender signatures end to end (reference 4.2), with POSTAGE_ALLOW_UNVERIFIED_SENDERS=false: the
API is driven with postmarker, the confirmation email is delivered by Postage to a real MX
(smtp-sink) through DNS served by dnsmasq, its DKIM signature verifies with dkimpy, and the link in
it is followed over HTTP. Until then the address gets 401; afterwards it sends, and only that
address of its domain does."""

import email
import email.policy
import json
import re
import subprocess
import sys

import pytest
import requests

from harness import ACCOUNT_TOKEN, poll, uid
from test_delivery import REPO, strip_sink_headers, wait_events, world  # noqa: F401
from test_domains import BOUNCE_DOMAIN, account, mta_env, zone  # noqa: F401


def confirmation_for(world, address):  # noqa: F811
    """The confirmation email smtp-sink received for `address`, parsed, with its raw bytes."""
    def find():
        for data in world.dumps("mx1"):
            raw = strip_sink_headers(data)
            message = email.message_from_bytes(raw, policy=email.policy.default)
            if message["Subject"] == f"Confirm {address} as a sender" and message["To"] == address:
                yield raw, message
    found = poll(lambda: list(find()), 30, interval=0.2, message=f"confirmation email for {address}")
    return found


def link_in(message) -> str:
    text = message.get_body(preferencelist=("plain",)).get_content()
    links = re.findall(r"http://\S+/confirm-sender/[0-9a-f]{32}", text)
    assert len(links) == 1, text
    html = message.get_body(preferencelist=("html",)).get_content()
    assert links[0] in html
    return links[0]


def send_from(server, sender):
    return server.api().send(server.server_token, {"From": sender, "To": "rcpt@deliver.test", "Subject": f"s {uid()}",
                                                   "TextBody": "x"})


@pytest.fixture
def strict(servers, world, zone):  # noqa: F811
    return servers.server(extra_env=mta_env(world, zone, POSTAGE_ALLOW_UNVERIFIED_SENDERS="false"))


def test_a_signature_is_confirmed_through_the_emailed_link_and_may_then_send(strict, world, tmp_path):  # noqa: F811
    server = strict
    address = f"ops-{uid()[:8]}@deliver.test"
    r = send_from(server, address)
    assert r.status_code == 422 and r.json()["ErrorCode"] == 400, r.text

    client = server.postmarker()
    signature = client.senders.create(FromEmail=address, Name="Ops <team>", ReplyToEmail=None)
    assert signature.Confirmed is False and signature.EmailAddress == address and signature.Domain == "deliver.test"
    mixed = client.senders.create(FromEmail=f"Case-{uid()[:6]}@Deliver.Test", Name="Case")
    assert mixed.Domain == "Deliver.Test"  # as the address spells it, like Postmark
    mixed.delete()
    # The domain was added with a pending DKIM key to publish, as Postmark does.
    assert signature.DKIMPendingHost.endswith("pm._domainkey.deliver.test"), signature._data
    assert signature.DKIMPendingTextValue.startswith("v=DKIM1; k=rsa; p=")
    assert signature.SPFTextValue == f"v=spf1 a mx include:{BOUNCE_DOMAIN} ~all"
    assert "BEGIN" not in json.dumps(signature._data)
    domains = account(server, "GET", "/domains?count=50&offset=0").json()["Domains"]
    assert [d["Name"] for d in domains] == ["deliver.test"]

    r = send_from(server, address)
    assert r.status_code == 422 and r.json()["ErrorCode"] == 401, r.text
    assert address in r.json()["Message"]

    # The confirmation email arrives at the address's MX, signed with the platform key.
    [(raw, message)] = confirmation_for(world, address)
    assert message["From"].addresses[0].addr_spec == f"postage@{BOUNCE_DOMAIN}"
    from harness import postage_binary
    records = json.loads(subprocess.run([str(postage_binary()), "dkim"], env=server.environment(), cwd=server.workdir,
                                        capture_output=True, text=True, check=True, timeout=60).stdout)
    zone_file = tmp_path / "zone.txt"
    zone_file.write_text("".join(f"{rec['Host']} {rec['Value']}\n" for rec in records))
    eml = tmp_path / "confirmation.eml"
    eml.write_bytes(raw)
    result = subprocess.run([sys.executable, str(REPO / "tests" / "tools" / "dkim_verify.py"), "--zone", str(zone_file),
                             str(eml)], capture_output=True, text=True, timeout=60)
    sigs = json.loads(result.stdout)["messages"][0]["signatures"]
    assert sigs and all(s["pass"] and s["d"] == BOUNCE_DOMAIN for s in sigs), sigs
    # The display name is escaped in the HTML part.
    assert "Ops &lt;team&gt;" in message.get_body(preferencelist=("html",)).get_content()

    link = link_in(message)
    # Opening the link only asks; a mail scanner fetching it confirms nothing.
    page = requests.get(link, timeout=30)
    assert page.status_code == 200 and 'method="post"' in page.text and address in page.text
    assert page.headers["Cache-Control"] == "no-store" and page.headers["Referrer-Policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert client.senders.get(signature.ID).Confirmed is False
    done = requests.post(link, timeout=30)
    assert done.status_code == 200 and "is confirmed" in done.text, done.text
    assert client.senders.get(signature.ID).Confirmed is True
    # A link works once.
    assert requests.post(link, timeout=30).status_code == 404
    assert requests.get(link, timeout=30).status_code == 404

    r = send_from(server, address)
    assert r.status_code == 200 and r.json()["ErrorCode"] == 0, r.text
    assert wait_events(server, r.json()["MessageID"], 1)["MessageEvents"][0]["Type"] == "Delivered"
    # Only that address: the domain itself is not verified.
    r = send_from(server, f"other-{address}")
    assert r.status_code == 422 and r.json()["ErrorCode"] == 400, r.text
    assert account(server, "POST", f"/senders/{signature.ID}/resend").json()["ErrorCode"] == 506

    # The confirmation messages belong to a hidden server: never listed, never addressable.
    servers_listed = account(server, "GET", "/servers?count=50&offset=0").json()
    assert servers_listed["TotalCount"] == 1 and [s["Name"] for s in servers_listed["Servers"]] == ["Default"]
    for sid in range(1, 4):
        if sid != servers_listed["Servers"][0]["ID"]:
            assert account(server, "GET", f"/servers/{sid}").json().get("ErrorCode") == 600


def test_a_resend_replaces_the_link_and_signatures_are_edited_listed_and_removed(strict, world, zone):  # noqa: F811
    server = strict
    client = server.postmarker()
    address = f"billing-{uid()[:8]}@deliver.test"
    zone.add(f"cname=pm.deliver.test,{BOUNCE_DOMAIN}", f"host-record={BOUNCE_DOMAIN},127.0.0.21")
    signature = client.senders.create(FromEmail=address, Name="Billing", ReplyToEmail=f"reply-{address}",
                                      ReturnPathDomain="pm.deliver.test")
    assert signature.ReturnPathDomainVerified is True and signature.ReplyToEmailAddress == f"reply-{address}"
    [(_, first)] = confirmation_for(world, address)
    old_link = link_in(first)
    assert signature.resend() == f"Confirmation email for Sender Signature {address} was re-sent."
    both = poll(lambda: (found := confirmation_for(world, address)) and len(found) == 2 and found, 30,
                message="the second confirmation email")
    new_link = next(link for link in (link_in(m) for _, m in both) if link != old_link)
    assert requests.post(old_link, timeout=30).status_code == 404
    assert client.senders.get(signature.ID).Confirmed is False
    assert requests.post(new_link, timeout=30).status_code == 200
    assert client.senders.get(signature.ID).Confirmed is True

    # postmarker sends null for what it is not given: null keeps the value (reference section 1).
    signature.edit(Name="Billing team")
    got = client.senders.get(signature.ID)
    assert got.Name == "Billing team" and got.ReplyToEmailAddress == f"reply-{address}", got._data
    assert got.ReturnPathDomain == "pm.deliver.test" and got.ReturnPathDomainVerified is True and got.Confirmed is True
    signature.edit(Name="Billing team", ReplyToEmail=f"help-{address}")
    got = client.senders.get(signature.ID)
    assert got.ReplyToEmailAddress == f"help-{address}" and got.ReturnPathDomain == "pm.deliver.test"
    cleared = account(server, "PUT", f"/senders/{signature.ID}", {"ReturnPathDomain": ""}).json()
    assert cleared["ReturnPathDomain"] == "" and cleared["ReturnPathDomainVerified"] is False, cleared

    listed = client.senders.all()
    assert [(s.EmailAddress, s.Confirmed) for s in listed] == [(address, True)]
    assert signature.delete() == f"Signature {address} removed."
    r = account(server, "GET", f"/senders/{signature.ID}")
    assert r.status_code == 422 and r.json()["ErrorCode"] == 501
    r = send_from(server, address)
    assert r.json()["ErrorCode"] == 400, r.text

    # An operator can confirm an address that cannot receive mail, from the database.
    from harness import postage_binary
    noreply = f"noreply-{uid()[:8]}@deliver.test"
    pending = client.senders.create(FromEmail=noreply, Name="No reply")
    assert send_from(server, noreply).json()["ErrorCode"] == 401
    done = subprocess.run([str(postage_binary()), "sender", "confirm", noreply.upper()], env=server.environment(),
                          cwd=server.workdir, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "is confirmed" in done.stdout, done.stderr
    assert client.senders.get(pending.ID).Confirmed is True
    assert send_from(server, noreply).json()["ErrorCode"] == 0
    [(_, stale)] = confirmation_for(world, noreply)
    assert requests.post(link_in(stale), timeout=30).status_code == 404  # its emailed link is retired
    missing = subprocess.run([str(postage_binary()), "sender", "confirm", "nobody@deliver.test"],
                             env=server.environment(), cwd=server.workdir, capture_output=True, text=True, timeout=60)
    assert missing.returncode == 1 and "no sender signature" in missing.stderr


def test_signature_errors_use_postmarks_codes(strict):
    server = strict
    cases = [
        ({"Name": "x"}, 520),
        ({"FromEmail": f"a-{uid()[:6]}@example.test"}, 520),
        ({"FromEmail": "not an address", "Name": "x"}, 522),
        ({"FromEmail": "Name <a@example.test>", "Name": "x"}, 522),
        ({"FromEmail": "a@example.test\r\nBcc: victim@example.test", "Name": "x"}, 522),
        ({"FromEmail": "someone@gmail.com", "Name": "x"}, 503),
        ({"FromEmail": "a@example.test", "Name": "x" * 256}, 521),
        ({"FromEmail": "a@example.test", "Name": "x", "ConfirmationPersonalNote": "n" * 401}, 521),
        ({"FromEmail": "a@example.test", "Name": "x", "ReplyToEmail": "nope"}, 522),
        ({"FromEmail": "a@example.test", "Name": "x", "ReturnPathDomain": "pm.other.test"}, 522),
        # Not a CNAME of the bounce domain in DNS: Postmark's 523.
        ({"FromEmail": "a@example.test", "Name": "x", "ReturnPathDomain": "pm.example.test"}, 523),
        ({"FromEmail": "a@example.test", "Name": 5}, 511),
    ]
    for body, code in cases:
        r = account(server, "POST", "/senders", body)
        assert r.status_code == 422 and r.json()["ErrorCode"] == code, (body, r.text)
    # Nothing was created by any of them, and no domain either.
    assert account(server, "GET", "/senders?count=10&offset=0").json() == {"TotalCount": 0, "SenderSignatures": []}
    assert account(server, "GET", "/domains?count=10&offset=0").json()["TotalCount"] == 0
    r = server.api().request("POST", "/senders", account=ACCOUNT_TOKEN, data=b"{not json")
    assert r.status_code == 422 and r.json()["ErrorCode"] == 402, r.text
    r = server.api().request("GET", "/senders?count=10&offset=0", account="wrong-token")
    assert r.status_code == 401 and r.json()["ErrorCode"] == 10, r.text

    address = f"dup-{uid()[:6]}@example.test"
    assert account(server, "POST", "/senders", {"FromEmail": address, "Name": "x"}).status_code == 200
    assert account(server, "POST", "/senders", {"FromEmail": address.upper(), "Name": "x"}).json()["ErrorCode"] == 504
    for path in ("/senders/999999", "/senders/abc"):
        assert account(server, "GET", path).json()["ErrorCode"] == 501
    assert requests.get(f"{server.base_url}/confirm-sender/{'0' * 32}", timeout=30).status_code == 404
    assert requests.get(f"{server.base_url}/confirm-sender/not-a-token", timeout=30).status_code == 404


def test_a_confirmed_signatures_return_path_domain_is_its_envelope_sender(servers, world, zone):  # noqa: F811
    server = servers.server(extra_env=mta_env(world, zone, POSTAGE_ALLOW_UNVERIFIED_SENDERS="false",
                                              POSTAGE_DOMAIN_RECHECK_SECONDS="1"))
    name = f"rp{uid()[:8]}.test"
    address = f"news@{name}"
    zone.add(f"mx-host={name},mx1.deliver.test,10", f"cname=pm.{name},{BOUNCE_DOMAIN}",
             f"host-record={BOUNCE_DOMAIN},127.0.0.21")
    client = server.postmarker()
    signature = client.senders.create(FromEmail=address, Name="News", ReturnPathDomain=f"pm.{name}")
    assert signature.ReturnPathDomain == f"pm.{name}" and signature.ReturnPathDomainVerified is True
    assert signature.ReturnPathDomainCNAMEValue == BOUNCE_DOMAIN
    [(raw, message)] = confirmation_for(world, address)
    assert requests.post(link_in(message), timeout=30).status_code == 200

    r = send_from(server, address)
    assert r.status_code == 200, r.text
    message_id = r.json()["MessageID"]
    assert wait_events(server, message_id, 1)["MessageEvents"][0]["Type"] == "Delivered"

    def dump(message_id):
        for data in world.dumps("mx1"):
            if message_id.encode() in data:
                return data
    assert f"pm_bounces+{message_id}@pm.{name}".encode() in poll(lambda: dump(message_id), 20, message="the copy")

    # The CNAME is removed: the scheduled re-check notices, and mail goes back to the bounce domain.
    zone.extra = [f"mx-host={name},mx1.deliver.test,10", f"host-record={BOUNCE_DOMAIN},127.0.0.21"]
    zone.start()
    poll(lambda: account(server, "GET", f"/senders/{signature.ID}").json()["ReturnPathDomainVerified"] is False, 30,
         interval=0.5, message="the re-check noticed the missing CNAME")
    assert "sender signature Return-Path no longer verifies" in server.stderr_text()
    # Editing something else still works, and leaves the Return-Path as the re-check left it.
    signature.edit(Name="News desk")
    edited = client.senders.get(signature.ID)
    assert edited.Name == "News desk" and edited.ReturnPathDomain == f"pm.{name}", edited._data
    assert edited.ReturnPathDomainVerified is False
    # Naming it again checks DNS again: still no CNAME, so 523.
    r = account(server, "PUT", f"/senders/{signature.ID}", {"ReturnPathDomain": f"pm.{name}"})
    assert r.json()["ErrorCode"] == 523, r.text
    later = send_from(server, address).json()["MessageID"]
    assert wait_events(server, later, 1)["MessageEvents"][0]["Type"] == "Delivered"
    assert f"pm_bounces+{later}@{BOUNCE_DOMAIN}".encode() in poll(lambda: dump(later), 20, message="the later copy")


def test_smtp_submission_follows_the_sender_policy(servers, world, zone):  # noqa: F811
    """Over SMTP, Postmark answers 250 and records a refused From as an SMTPApiError: 400 for an
    address with no signature, 401 for one not confirmed yet; a confirmed one is queued."""
    import smtplib
    from test_smtp_submission import queued_id
    env = mta_env(world, zone, POSTAGE_ALLOW_UNVERIFIED_SENDERS="false", POSTAGE_ROLES="api,delivery,smtp",
                  POSTAGE_SUBMISSION_ADDRESS="127.0.0.1:0", POSTAGE_SUBMISSION_PLAINTEXT_AUTH="loopback")
    server = servers.server(extra_env=env)
    client = server.postmarker()
    confirmed = f"ok-{uid()[:8]}@deliver.test"
    waiting = f"wait-{uid()[:8]}@deliver.test"
    for address in (confirmed, waiting):
        client.senders.create(FromEmail=address, Name="x")
    [(_, message)] = confirmation_for(world, confirmed)
    assert requests.post(link_in(message), timeout=30).status_code == 200

    def submit(sender):
        smtp = smtplib.SMTP("127.0.0.1", server.smtp_port, local_hostname="client.test", timeout=30)
        smtp.login(server.server_token, server.server_token)
        smtp.mail(sender)
        smtp.rcpt("rcpt@deliver.test")
        code, text = smtp.data(f"From: {sender}\r\nTo: rcpt@deliver.test\r\nSubject: smtp {uid()}\r\n\r\nx\r\n".encode())
        smtp.quit()
        assert code == 250, (code, text)
        return queued_id(text)

    def first_event(message_id):
        return wait_events(server, message_id, 1)["MessageEvents"][0]

    event = first_event(submit(f"none-{uid()[:8]}@deliver.test"))
    assert event["Details"]["Type"] == "SMTPApiError" and event["Details"]["ErrorCode"] == "400", event
    event = first_event(submit(waiting))
    assert event["Details"]["Type"] == "SMTPApiError" and event["Details"]["ErrorCode"] == "401", event
    assert first_event(submit(confirmed))["Type"] == "Delivered"
