"""GET /messages/outbound filters, paging, details and dump over raw HTTP."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from harness import POSTMARK_DATE_RE, assert_error, assert_send_ok, parse_postmark_date, uid

EASTERN = ZoneInfo("America/New_York")

OUTBOUND_MESSAGE_FIELDS = {
    "Tag", "MessageID", "MessageStream", "To", "Cc", "Bcc", "Recipients", "ReceivedAt", "From", "Subject",
    "Attachments", "Status", "TrackOpens", "TrackLinks", "Metadata", "Sandboxed",
}


@pytest.fixture(scope="module")
def corpus(postage):
    """Three messages with overlapping attributes, unique to this module run."""
    api = postage.api()
    token = postage.server_token
    u = uid()
    c = {
        "u": u,
        "a": f"from-a-{u}@example.test", "b": f"from-b-{u}@example.test",
        "r1": f"r1-{u}@example.test", "r2": f"r2-{u}@example.test",
        "c1": f"c1-{u}@example.test", "b1": f"b1-{u}@example.test",
        "tag": f"t-{u}", "other": f"other-{u}",
    }
    messages = [
        {"From": f"Sender A <{c['a']}>", "To": c["r1"], "Cc": c["c1"], "Bcc": c["b1"], "Tag": c["tag"],
         "Subject": f"alpha{u} first report", "TextBody": "one", "Metadata": {"case": f"one-{u}", "shared": u},
         "Attachments": [{"Name": "a.txt", "Content": "YQ==", "ContentType": "text/plain"}]},
        {"From": c["b"], "To": f"Named R2 <{c['r2']}>", "Tag": c["tag"], "Subject": f"beta{u} second",
         "HtmlBody": "<p>two</p>", "Metadata": {"case": f"two-{u}", "shared": u}},
        {"From": c["a"], "To": c["r1"], "Tag": c["other"], "Subject": f"alpha{u} third", "TextBody": "three",
         "TrackOpens": True},
    ]
    ids = []
    for message in messages:
        r = api.send(token, message)
        assert r.status_code == 200, r.text
        ids.append(assert_send_ok(r.json()))
    c["m1"], c["m2"], c["m3"] = ids
    c["api"], c["token"] = api, token
    return c


def found(c, **params):
    body = c["api"].search(c["token"], **params)
    ids = [m["MessageID"] for m in body["Messages"]]
    assert body["TotalCount"] == len(ids), body["TotalCount"]
    return set(ids)


def test_result_items_have_every_documented_field(corpus):
    c = corpus
    body = c["api"].search(c["token"], tag=c["tag"])
    assert body["TotalCount"] == 2
    by_id = {m["MessageID"]: m for m in body["Messages"]}
    for m in body["Messages"]:
        missing = OUTBOUND_MESSAGE_FIELDS - set(m)
        assert not missing, f"fields missing from a search result: {missing}"
        assert POSTMARK_DATE_RE.match(m["ReceivedAt"]), m["ReceivedAt"]
    m1 = by_id[c["m1"]]
    assert [x["Email"] for x in m1["To"]] == [c["r1"]]
    assert [x["Email"] for x in m1["Cc"]] == [c["c1"]]
    assert [x["Email"] for x in m1["Bcc"]] == [c["b1"]]
    assert sorted(m1["Recipients"]) == sorted([c["r1"], c["c1"], c["b1"]])
    assert c["a"] in m1["From"] and "Sender A" in m1["From"]
    assert m1["Subject"] == f"alpha{c['u']} first report"
    assert m1["Status"] == "Queued"
    assert m1["MessageStream"] == "outbound"
    assert m1["Metadata"] == {"case": f"one-{c['u']}", "shared": c["u"]}
    assert [a["Name"] if isinstance(a, dict) else a for a in m1["Attachments"]] == ["a.txt"]
    m2 = by_id[c["m2"]]
    assert m2["To"] == [{"Email": c["r2"], "Name": "Named R2"}]
    assert m2["Tag"] == c["tag"]


def test_filter_recipient_includes_cc_and_bcc(corpus):
    c = corpus
    assert found(c, recipient=c["r1"]) == {c["m1"], c["m3"]}
    assert found(c, recipient=c["r2"]) == {c["m2"]}
    assert found(c, recipient=c["c1"]) == {c["m1"]}
    assert found(c, recipient=c["b1"]) == {c["m1"]}
    assert found(c, recipient=c["r1"].upper()) == {c["m1"], c["m3"]}
    assert found(c, recipient=f"nobody-{c['u']}@example.test") == set()


def test_filter_fromemail(corpus):
    c = corpus
    assert found(c, fromemail=c["a"]) == {c["m1"], c["m3"]}
    assert found(c, fromemail=c["b"]) == {c["m2"]}
    assert found(c, fromemail=f"x-{c['u']}@example.test") == set()
    assert found(c, fromemail=c["b"].upper()) == {c["m2"]}


def test_filter_tag(corpus):
    c = corpus
    assert found(c, tag=c["tag"]) == {c["m1"], c["m2"]}
    assert found(c, tag=c["other"]) == {c["m3"]}
    assert found(c, tag=f"none-{c['u']}") == set()


def test_filter_subject_word(corpus):
    c = corpus
    assert found(c, subject=f"alpha{c['u']}") == {c["m1"], c["m3"]}
    assert found(c, subject=f"beta{c['u']}") == {c["m2"]}
    assert found(c, subject=f"gamma{c['u']}") == set()
    assert found(c, subject=f"ALPHA{c['u'].upper()}") == {c["m1"], c["m3"]}, "subject search is case-sensitive"


def test_filter_status(corpus):
    c = corpus
    assert found(c, tag=c["tag"], status="queued") == {c["m1"], c["m2"]}
    # Nothing is delivered in these tests, so nothing of ours is sent yet.
    assert found(c, tag=c["tag"], status="sent") == set()


def test_filter_metadata(corpus):
    c = corpus
    assert found(c, **{"metadata_case": f"one-{c['u']}"}) == {c["m1"]}
    assert found(c, **{"metadata_case": f"two-{c['u']}"}) == {c["m2"]}
    assert found(c, **{"metadata_shared": c["u"]}) == {c["m1"], c["m2"]}
    assert found(c, **{"metadata_case": f"three-{c['u']}"}) == set()


def test_filter_messagestream(corpus):
    c = corpus
    assert found(c, tag=c["tag"], messagestream="outbound") == {c["m1"], c["m2"]}


def test_filters_combine(corpus):
    c = corpus
    assert found(c, tag=c["tag"], fromemail=c["a"]) == {c["m1"]}
    assert found(c, recipient=c["r1"], subject=f"alpha{c['u']}", tag=c["other"]) == {c["m3"]}


def test_filter_dates_in_eastern_time(corpus):
    c = corpus
    now = datetime.now(EASTERN)
    received = {datetime.fromtimestamp(parse_postmark_date(m["ReceivedAt"]), EASTERN).strftime("%Y-%m-%d")
                for m in c["api"].search(c["token"], tag=c["tag"])["Messages"]}
    if len(received) != 1:
        pytest.skip("the messages straddle midnight in US-Eastern time")
    today = received.pop()
    day = datetime.strptime(today, "%Y-%m-%d")
    tomorrow = (day + timedelta(days=1)).strftime("%Y-%m-%d")
    yesterday = (day - timedelta(days=1)).strftime("%Y-%m-%d")
    both = {c["m1"], c["m2"]}
    assert found(c, tag=c["tag"], fromdate=today) == both
    assert found(c, tag=c["tag"], todate=today) == both, "todate is inclusive of the whole (Eastern) day"
    assert found(c, tag=c["tag"], fromdate=yesterday, todate=tomorrow) == both
    assert found(c, tag=c["tag"], fromdate=tomorrow) == set()
    assert found(c, tag=c["tag"], todate=yesterday) == set()
    earlier = (now - timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M:%S")
    later = (now + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%S")
    assert found(c, tag=c["tag"], fromdate=earlier) == both
    assert found(c, tag=c["tag"], fromdate=later) == set()
    assert found(c, tag=c["tag"], todate=earlier) == set()


def test_bad_filter_values_are_700(corpus):
    c = corpus
    for params in ({"fromdate": "not-a-date"}, {"todate": "2024-13-45"}, {"status": "bogus"}):
        r = c["api"].request("GET", "/messages/outbound", server=c["token"],
                             params={"count": 10, "offset": 0, **params})
        assert_error(r, 422, 700)


@pytest.mark.parametrize("params", [
    {"count": 0, "offset": 0},
    {"count": 501, "offset": 0},
    {"count": 10, "offset": -1},
    {"count": 500, "offset": 9501},
    {"count": "ten", "offset": 0},
    {"offset": 0},
    {"count": 10},
])
def test_bad_paging_is_700(corpus, params):
    c = corpus
    r = c["api"].request("GET", "/messages/outbound", server=c["token"], params=params)
    assert_error(r, 422, 700)


def test_paging(postage, api):
    token = postage.server_token
    u = uid()
    sent = []
    for i in range(7):
        r = api.send(token, {"From": f"p-{u}@example.test", "To": f"p{i}-{u}@example.test",
                             "Subject": f"page {i}", "TextBody": str(i), "Tag": f"page-{u}"})
        assert r.status_code == 200, r.text
        sent.append(assert_send_ok(r.json()))
    pages = []
    for offset in (0, 3, 6, 9):
        body = api.search(token, tag=f"page-{u}", count=3, offset=offset)
        assert body["TotalCount"] == 7, body["TotalCount"]
        pages.append(body["Messages"])
    assert [len(p) for p in pages] == [3, 3, 1, 0]
    ids = [m["MessageID"] for p in pages for m in p]
    assert len(ids) == len(set(ids)) == 7
    assert set(ids) == set(sent)
    # Newest first, as Postmark lists message activity.
    times = [parse_postmark_date(m["ReceivedAt"]) for p in pages for m in p]
    assert times == sorted(times, reverse=True), "messages are not ordered newest first"
    assert ids == list(reversed(sent)), "messages sent one after another are not listed newest first"


def test_total_count_counts_all_messages_of_the_server(postage, api):
    token = postage.server_token
    before = api.total(token)
    r = api.send(token, {"From": f"s-{uid()}@example.test", "To": "t@example.test", "TextBody": "x"})
    assert r.status_code == 200
    assert api.total(token) == before + 1
    assert len(api.search(token, count=2, offset=0)["Messages"]) == min(2, before + 1)


def test_paths_and_query_keys_are_case_insensitive(corpus):
    c = corpus
    api, token = c["api"], c["token"]
    for path in ("/Messages/Outbound", "/MESSAGES/OUTBOUND/", "/messages/outbound/"):
        r = api.request("GET", path, server=token, params={"Count": 10, "OFFSET": 0, "Tag": c["tag"]})
        assert r.status_code == 200, (path, r.text)
        assert r.json()["TotalCount"] == 2, path
    variants = [
        {"count": 10, "offset": 0, "fromEmail": c["a"]},
        {"count": 10, "offset": 0, "FROMEMAIL": c["a"]},
    ]
    for params in variants:
        r = api.request("GET", "/messages/outbound", server=token, params=params)
        assert r.status_code == 200, r.text
        assert {m["MessageID"] for m in r.json()["Messages"]} == {c["m1"], c["m3"]}, params
    r = api.request("GET", "/messages/outbound", server=token,
                    params={"count": 10, "offset": 0, "Recipient": c["r2"], "messageStream": "outbound"})
    assert {m["MessageID"] for m in r.json()["Messages"]} == {c["m2"]}
    r = api.request("GET", "/messages/outbound", server=token,
                    params={"count": 10, "offset": 0, "toDate": "2000-01-01", "Tag": c["tag"]})
    assert r.json()["TotalCount"] == 0


def test_details_and_dump_paths(corpus):
    c = corpus
    api, token, m1 = c["api"], c["token"], c["m1"]
    reference = api.details(token, m1)
    assert reference.status_code == 200
    dump = api.dump(token, m1)
    assert dump.status_code == 200 and set(dump.json()) == {"Body"}
    for path in (f"/Messages/Outbound/{m1}/Details", f"/messages/outbound/{m1}/details/",
                 f"/messages/outbound/{m1.upper()}/details"):
        r = api.request("GET", path, server=token)
        assert r.status_code == 200, (path, r.text)
        assert r.json()["MessageID"] == m1
    for path in (f"/MESSAGES/outbound/{m1}/DUMP", f"/messages/outbound/{m1}/dump/"):
        r = api.request("GET", path, server=token)
        assert r.status_code == 200, (path, r.text)
        assert r.json()["Body"] == dump.json()["Body"]
    details = reference.json()
    for key in OUTBOUND_MESSAGE_FIELDS | {"TextBody", "HtmlBody", "Body", "MessageEvents"}:
        assert key in details, f"details lacks {key}"
    assert details["TextBody"] == "one"
    assert details["Body"] == dump.json()["Body"]


@pytest.mark.parametrize("message_id", ["00000000-0000-4000-8000-000000000000", "not-a-message-id"])
def test_unknown_message_is_701(corpus, message_id):
    c = corpus
    assert_error(c["api"].details(c["token"], message_id), 422, 701)
    assert_error(c["api"].dump(c["token"], message_id), 422, 701)


def test_unknown_message_through_postmarker(postage):
    from postmarker.exceptions import ClientError

    client = postage.postmarker()
    with pytest.raises(ClientError) as info:
        client.messages.outbound.get("00000000-0000-4000-8000-000000000001")
    assert info.value.error_code == 701
    with pytest.raises(ClientError) as info:
        client.messages.outbound.get_dump("00000000-0000-4000-8000-000000000001")
    assert info.value.error_code == 701
