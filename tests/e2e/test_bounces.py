"""Bounces end to end: synchronous bounces from delivery and asynchronous ones mailed (with swaks) to
a delivered message's return path at the inbound bounce listener are recorded the way Postmark
reports them: the Bounces API (read with postmarker where it has the call), events, suppressions."""

import json
import shutil
import subprocess
import uuid

import pytest

from harness import uid
from test_delivery import HOSTS, details, send, wait_events, world  # noqa: F401  (world is a fixture)

SWAKS = shutil.which("swaks") or "/usr/bin/swaks"
BOUNCE_DOMAIN = "bounces.postage.test"


@pytest.fixture
def mx(servers, world):  # noqa: F811
    return servers.server(extra_env=dict(world.env, POSTAGE_ROLES="api,delivery,inbound",
                                         POSTAGE_INBOUND_ADDRESS="127.0.0.1:0"))


def dsn(original_id: str, recipient: str, status="5.1.1", diagnostic="smtp; 550 5.1.1 <{r}>: User unknown") -> str:
    diagnostic = diagnostic.format(r=recipient)
    return (
        "From: Mail Delivery System <MAILER-DAEMON@mx.remote.test>\r\n"
        f"To: pm_bounces+{original_id}@{BOUNCE_DOMAIN}\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/report; report-type=delivery-status; boundary=\"dsn\"\r\n\r\n"
        "--dsn\r\nContent-Type: text/plain\r\n\r\nI'm sorry to have to inform you that your message could not be delivered.\r\n"
        "--dsn\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.remote.test\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\nAction: failed\r\nStatus: {status}\r\n"
        f"Diagnostic-Code: {diagnostic}\r\n\r\n"
        "--dsn\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"From: sender@postage.test\r\nTo: {recipient}\r\nMessage-ID: <{original_id}@postage.test>\r\n\r\n"
        "--dsn--\r\n")


def arf(original_id: str, recipient: str) -> str:
    return (
        "From: feedback@isp.remote.test\r\n"
        f"To: pm_bounces+{original_id}@{BOUNCE_DOMAIN}\r\nSubject: complaint\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/report; report-type=feedback-report; boundary=\"arf\"\r\n\r\n"
        "--arf\r\nContent-Type: text/plain\r\n\r\nThis is an email abuse report.\r\n"
        "--arf\r\nContent-Type: message/feedback-report\r\n\r\nFeedback-Type: abuse\r\nUser-Agent: FBL/1.0\r\n"
        f"Version: 1\r\nOriginal-Rcpt-To: <{recipient}>\r\n\r\n"
        "--arf\r\nContent-Type: message/rfc822\r\n\r\n"
        f"From: sender@postage.test\r\nTo: {recipient}\r\nX-PM-Message-Id: {original_id}\r\nSubject: hi\r\n\r\nhello\r\n"
        "--arf--\r\n")


def swaks(server, to, data, tmp_path, expect_ok=True):
    path = tmp_path / f"report-{uid()}.eml"
    path.write_text(data)
    result = subprocess.run(
        [SWAKS, "--server", "127.0.0.1", "--port", str(server.inbound_port), "--ehlo", "mx.remote.test",
         "--from", "", "--to", to, "--data", f"@{path}"],
        capture_output=True, text=True, timeout=60)
    if expect_ok:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def bounces(server, **params):
    params.setdefault("count", 50)
    params.setdefault("offset", 0)
    r = server.api().request("GET", "/bounces", server=server.server_token, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_a_dsn_to_the_return_path_is_a_bounce_of_that_message(mx, tmp_path):
    token = mx.server_token
    recipient = f"later-{uid()}@deliver.test"
    message_id, _ = send(mx, recipient)
    assert wait_events(mx, message_id, 1)["MessageEvents"][0]["Type"] == "Delivered"

    swaks(mx, f"pm_bounces+{message_id}@{BOUNCE_DOMAIN}", dsn(message_id, recipient), tmp_path)

    listed = bounces(mx, messageID=message_id)
    assert listed["TotalCount"] == 1, listed
    bounce = listed["Bounces"][0]
    assert (bounce["Type"], bounce["TypeCode"], bounce["Name"]) == ("HardBounce", 1, "Hard bounce")
    assert bounce["Email"] == recipient and bounce["MessageID"] == message_id and bounce["MessageStream"] == "outbound"
    assert bounce["Inactive"] is True and bounce["CanActivate"] is True and bounce["DumpAvailable"] is True
    assert "5.1.1" in bounce["Details"] and bounce["RecordType"] == "Bounce"
    # The message's events show it; the recipient is suppressed; the next send is refused with 406.
    events = details(mx, message_id)["MessageEvents"]
    assert [e["Type"] for e in events] == ["Delivered", "Bounced"], events
    r = mx.api().send(token, {"From": "sender@postage.test", "To": recipient, "Subject": "again", "TextBody": "x"})
    assert r.json()["ErrorCode"] == 406, r.text
    # The single bounce carries its Content; the dump is the DSN as received.
    one = mx.api().request("GET", f"/bounces/{bounce['ID']}", server=token).json()
    assert "Final-Recipient: rfc822; " + recipient in one["Content"]
    dump = mx.api().request("GET", f"/bounces/{bounce['ID']}/dump", server=token).json()["Body"]
    assert "Reporting-MTA: dns; mx.remote.test" in dump
    # Activation reactivates the address.
    r = mx.api().request("PUT", f"/bounces/{bounce['ID']}/activate", server=token, json_body={})
    assert r.status_code == 200 and r.json()["Message"] == "OK" and r.json()["Bounce"]["Inactive"] is False, r.text
    r = mx.api().send(token, {"From": "sender@postage.test", "To": recipient, "Subject": "again", "TextBody": "x"})
    assert r.json()["ErrorCode"] == 0, r.text


def test_an_arf_report_is_a_spam_complaint_that_cannot_be_reactivated(mx, tmp_path):
    token = mx.server_token
    recipient = f"angry-{uid()}@deliver.test"
    message_id, _ = send(mx, recipient)
    wait_events(mx, message_id, 1)
    swaks(mx, f"pm_bounces+{message_id}@{BOUNCE_DOMAIN}", arf(message_id, recipient), tmp_path)
    bounce = bounces(mx, messageID=message_id)["Bounces"][0]
    assert (bounce["Type"], bounce["TypeCode"], bounce["CanActivate"], bounce["Inactive"]) == \
        ("SpamComplaint", 100001, False, True)
    suppressions = mx.api().request("GET", "/message-streams/outbound/suppressions/dump", server=token,
                                    params={"EmailAddress": recipient}).json()["Suppressions"]
    assert [(s["SuppressionReason"], s["Origin"]) for s in suppressions] == [("SpamComplaint", "Recipient")]
    events = details(mx, message_id)["MessageEvents"]
    assert [e["Type"] for e in events] == ["Delivered", "SpamComplaint"]
    r = mx.api().request("PUT", f"/bounces/{bounce['ID']}/activate", server=token, json_body={})
    assert r.status_code == 422 and r.json()["ErrorCode"] == 1003, r.text
    r = mx.api().request("POST", "/message-streams/outbound/suppressions/delete", server=token,
                         json_body={"Suppressions": [{"EmailAddress": recipient}]})
    assert r.json()["Suppressions"][0]["Status"] == "Failed"


def test_the_listener_never_relays_and_keeps_unmatched_reports(mx, tmp_path):
    result = swaks(mx, "someone@deliver.test", dsn(str(uuid.uuid4()), "x@deliver.test"), tmp_path, expect_ok=False)
    assert result.returncode == 24, result.stdout  # all recipients rejected
    assert "550 5.7.1" in result.stdout
    before = bounces(mx)["TotalCount"]
    unknown = str(uuid.uuid4())
    swaks(mx, f"pm_bounces+{unknown}@{BOUNCE_DOMAIN}", dsn(unknown, "ghost@deliver.test"), tmp_path)
    assert bounces(mx)["TotalCount"] == before  # kept for inspection, not shown as any server's bounce
    assert "bounce kept unmatched" in mx.stderr_text()

    # Operators list them (account token) and read the report as received.
    from harness import ACCOUNT_TOKEN
    kept = mx.api().request("GET", "/unmatched-bounces", account=ACCOUNT_TOKEN, params={"count": 50, "offset": 0}).json()
    mine = [b for b in kept["Bounces"] if b["MessageID"] == unknown]
    assert len(mine) == 1 and mine[0]["Email"] == "ghost@deliver.test" and mine[0]["ServerID"] == 0, kept
    assert mine[0]["Type"] == "HardBounce" and mine[0]["DumpAvailable"] is True
    dump = mx.api().request("GET", f"/unmatched-bounces/{mine[0]['ID']}/dump", account=ACCOUNT_TOKEN).json()["Body"]
    assert f"pm_bounces+{unknown}" in dump or unknown in dump
    assert mx.api().request("GET", "/unmatched-bounces?count=10&offset=0", server=mx.server_token).status_code == 401
    assert mx.api().request("GET", "/unmatched-bounces/999999/dump", account=ACCOUNT_TOKEN).json()["ErrorCode"] == 1001

    # And with the CLI, from the same database, with no API involved.
    from harness import postage_binary
    listing = subprocess.run([str(postage_binary()), "bounce", "unmatched", "--count", "50"], env=mx.environment(),
                             cwd=mx.workdir, capture_output=True, text=True, check=True, timeout=60)
    rows = [b for b in json.loads(listing.stdout)["Bounces"] if b["ReturnPathMessageID"] == unknown]
    assert [(b["ID"], b["Email"]) for b in rows] == [(str(mine[0]["ID"]), "ghost@deliver.test")], listing.stdout
    raw = subprocess.run([str(postage_binary()), "bounce", "unmatched", "--dump", rows[0]["ID"]], env=mx.environment(),
                         cwd=mx.workdir, capture_output=True, check=True, timeout=60).stdout
    assert raw.decode() == dump
    missing = subprocess.run([str(postage_binary()), "bounce", "unmatched", "--dump", "999999"], env=mx.environment(),
                             cwd=mx.workdir, capture_output=True, text=True, timeout=60)
    assert missing.returncode == 1 and "no unmatched bounce" in missing.stderr


def test_synchronous_bounces_in_the_bounces_api_through_postmarker(mx):
    recipient = f"nobody-{uid()}@reject.test"
    message_id, _ = send(mx, recipient)
    wait_events(mx, message_id, 1)
    client = mx.postmarker()
    found = [b for b in client.bounces.all(count=50) if b.MessageID == message_id]
    assert len(found) == 1
    bounce = found[0]
    assert bounce.Type == "HardBounce" and bounce.Email == recipient and bounce.Inactive
    assert bounce.DumpAvailable is False
    stats = mx.api().request("GET", "/deliverystats", server=mx.server_token).json()
    assert stats["Bounces"][0]["Name"] == "All" and stats["Bounces"][0]["Count"] >= 1
    assert any(b.get("Type") == "HardBounce" and b["TypeCode"] == 1 for b in stats["Bounces"][1:])
    assert stats["InactiveMails"] >= 1
    tags = mx.api().request("GET", "/bounces/tags", server=mx.server_token)
    assert tags.status_code == 200 and tags.json() == []
    bounce.activate()
    r = mx.api().send(mx.server_token, {"From": "s@postage.test", "To": recipient, "Subject": "s", "TextBody": "x"})
    assert r.json()["ErrorCode"] == 0, r.text


def test_bounce_api_errors_are_postmark_shaped(mx):
    api, token = mx.api(), mx.server_token
    for path, code in [("/bounces/999999", 1001), ("/bounces/999999/dump", 1001), ("/bounces/abc", 1001)]:
        r = api.request("GET", path, server=token)
        assert r.status_code == 422 and r.json()["ErrorCode"] == code, (path, r.text)
    r = api.request("PUT", "/bounces/999999/activate", server=token, json_body={})
    assert r.json()["ErrorCode"] == 1001, r.text
    for params in [{"count": 501, "offset": 0}, {"count": 10, "offset": 0, "type": "Nope"},
                   {"count": 10, "offset": 0, "inactive": "maybe"}]:
        r = api.request("GET", "/bounces", server=token, params=params)
        assert r.status_code == 422 and r.json()["ErrorCode"] == 1000, (params, r.text)
    assert api.request("GET", "/bounces", server="wrong-token", params={"count": 1, "offset": 0}).status_code == 401
