"""Rejections: every bad request gets a Postmark-shaped error and stores nothing."""

import json

import pytest
from postmarker.exceptions import ClientError

from harness import assert_error, assert_send_ok, assert_wire_format, b64, parse_message, post_streaming, uid


def valid(u=None, **changes):
    u = u or uid()
    message = {"From": f"sender-{u}@example.test", "To": f"to-{u}@example.test", "Subject": f"err {u}",
               "TextBody": "body"}
    message.update(changes)
    return {k: v for k, v in message.items() if v is not ...}


def expect_rejected(postage, response_factory, status, code):
    """Runs the request and checks the error and that the server's message count did not move."""
    api = postage.api()
    before = api.total(postage.server_token)
    response = response_factory(api)
    body = assert_error(response, status, code)
    assert api.total(postage.server_token) == before, "a rejected request stored a message"
    return body


def recipients(n, prefix):
    u = uid()
    return ", ".join(f"{prefix}{i}-{u}@example.test" for i in range(n))


INVALID_MESSAGES = {
    "missing From": valid(From=...),
    "empty From": valid(From=""),
    "invalid From": valid(From="not-an-address"),
    "From with two @": valid(From="a@b@example.test"),
    "missing To": valid(To=...),
    "invalid To": valid(To="bad@@example.test"),
    "one invalid To among valid": valid(To="ok1@example.test, broken, ok2@example.test"),
    "invalid Cc": valid(Cc="cc@"),
    "invalid Bcc": valid(Bcc="@example.test"),
    "invalid ReplyTo": valid(ReplyTo="reply at example.test"),
    "51 recipients in total": valid(To=recipients(20, "t"), Cc=recipients(20, "c"), Bcc=recipients(11, "b")),
    "51 To recipients": valid(To=recipients(51, "t")),
    "no body": valid(TextBody=...),
    "empty bodies": valid(TextBody="", HtmlBody=""),
    "11 metadata keys": valid(Metadata={f"k{i}": "v" for i in range(11)}),
    "21-char metadata key": valid(Metadata={"k" * 21: "v"}),
    "81-char metadata value": valid(Metadata={"k": "v" * 81}),
    "CRLF in custom header value": valid(Headers=[{"Name": "X-Custom", "Value": "a\r\nBcc: evil@example.test"}]),
    "LF in custom header value": valid(Headers=[{"Name": "X-Custom", "Value": "a\nX-Injected: yes"}]),
    "CR in custom header value": valid(Headers=[{"Name": "X-Custom", "Value": "a\rX-Injected: yes"}]),
    "CRLF in custom header name": valid(Headers=[{"Name": "X-Custom\r\nBcc", "Value": "evil@example.test"}]),
    "colon in custom header name": valid(Headers=[{"Name": "X-Custom: injected", "Value": "v"}]),
    "CRLF in Subject": valid(Subject="Hello\r\nBcc: evil@example.test"),
    "LF in Subject": valid(Subject="Hello\nBcc: evil@example.test"),
    "CR in Subject": valid(Subject="Hello\rBcc: evil@example.test"),
    "CRLF in From name": valid(From='"Evil\r\nBcc: evil@example.test" <sender@example.test>'),
    "LF in To name": valid(To='"Evil\nBcc: evil@example.test" <to@example.test>'),
    "LF in ReplyTo": valid(ReplyTo="reply@example.test\nBcc: evil@example.test"),
    "CRLF in Tag (sent as X-PM-Tag)": valid(Tag="tag\r\nBcc: evil@example.test"),
    "CRLF in attachment name": valid(Attachments=[{"Name": "a\r\nBcc: evil@example.test.txt", "Content": "YQ==",
                                                   "ContentType": "text/plain"}]),
    "CRLF in attachment content type": valid(Attachments=[{"Name": "a.txt", "Content": "YQ==",
                                                           "ContentType": "text/plain\r\nBcc: evil@example.test"}]),
    "CRLF in attachment ContentID": valid(Attachments=[{"Name": "a.png", "Content": "YQ==", "ContentType": "image/png",
                                                        "ContentID": "cid:a\r\nBcc: evil@example.test"}]),
    "empty address in angle brackets": valid(To="Somebody <>"),
    "unclosed angle bracket": valid(To="Somebody <somebody@example.test"),
    "Subject over 2000 characters": valid(Subject="s" * 2001),
    "From over 255 characters": valid(From=f'"{"n" * 250}" <sender@example.test>'),
    "Tag over 1000 characters": valid(Tag="t" * 1001),
    "invalid base64 attachment": valid(Attachments=[{"Name": "a.txt", "Content": "!!!not base64!!!",
                                                     "ContentType": "text/plain"}]),
}


@pytest.mark.parametrize("case", list(INVALID_MESSAGES))
def test_invalid_message_is_300(postage, case):
    message = INVALID_MESSAGES[case]
    expect_rejected(postage, lambda api: api.send(postage.server_token, message), 422, 300)


def test_text_body_over_5mb_is_300(postage):
    message = valid(TextBody="a" * (5 * 1024 * 1024 + 100))
    expect_rejected(postage, lambda api: api.send(postage.server_token, message), 422, 300)


@pytest.mark.parametrize("case", ["upper", "lower"])
def test_metadata_keys_duplicated_in_case_are_300(postage, case):
    u = uid()
    first, second = ("Color", "color") if case == "lower" else ("color", "COLOR")
    raw = (f'{{"From": "s-{u}@example.test", "To": "t-{u}@example.test", "TextBody": "x", '
           f'"Metadata": {{"{first}": "blue", "{second}": "red"}}}}').encode()
    expect_rejected(postage, lambda api: api.request("POST", "/email", server=postage.server_token, data=raw),
                    422, 300)


def test_limits_are_inclusive(postage, api):
    """The boundary values themselves are accepted (so the rejections above are about the limit)."""
    token = postage.server_token
    u = uid()
    cases = [
        valid(u, To=recipients(20, "t"), Cc=recipients(20, "c"), Bcc=recipients(10, "b")),
        valid(u, Metadata={f"key{i:02d}": "v" * 80 for i in range(10)}),
        valid(u, Metadata={"k" * 20: "value"}),
        valid(u, Subject="s" * 2000),
        valid(u, Tag="t" * 1000),
        valid(u, HtmlBody="<p>html only</p>", TextBody=...),
        valid(u, Attachments=[{"Name": "archive.tar.gz", "Content": b64(b"\x1f\x8b data"),
                               "ContentType": "application/gzip"},
                              {"Name": "noextension", "Content": b64(b"data"), "ContentType": "text/plain"},
                              {"Name": "exe.txt", "Content": b64(b"data"), "ContentType": "text/plain"}]),
    ]
    ids = []
    for message in cases:
        r = api.send(token, message)
        assert r.status_code == 200, f"{r.status_code} {r.text[:300]}"
        message_id = assert_send_ok(r.json())
        ids.append(message_id)
        details = api.details(token, message_id).json()
        if "Metadata" in message:
            assert details["Metadata"] == message["Metadata"]
        if "Tag" in message:
            assert details["Tag"] == message["Tag"]
        if "Subject" in message:
            assert details["Subject"] == message["Subject"]
        # Even at the limits the stored MIME keeps every line within 998 octets.
        raw = api.dump_bytes(token, message_id)
        assert_wire_format(raw)
        msg = parse_message(raw)
        assert str(msg["Subject"]) == message["Subject"]
    assert len(api.details(token, ids[0]).json()["Recipients"]) == 50


@pytest.mark.parametrize("name", ["virus.exe", "SETUP.EXE", "script.vbs", "installer.msi", "a.b.bat", "data.bin"])
def test_forbidden_attachment_is_411(postage, name):
    message = valid(Attachments=[
        {"Name": "fine.pdf", "Content": b64(b"%PDF-1.4"), "ContentType": "application/pdf"},
        {"Name": name, "Content": b64(b"MZ\x90\x00"), "ContentType": "application/octet-stream"},
    ])
    expect_rejected(postage, lambda api: api.send(postage.server_token, message), 422, 411)


def test_unknown_stream_is_1235(postage):
    message = valid(MessageStream="does-not-exist")
    body = expect_rejected(postage, lambda api: api.send(postage.server_token, message), 422, 1235)
    assert "does-not-exist" in body["Message"]


def test_inbound_stream_is_1236(postage):
    message = valid(MessageStream="inbound")
    expect_rejected(postage, lambda api: api.send(postage.server_token, message), 422, 1236)


@pytest.mark.parametrize("raw", [
    b'{"From": "a@example.test", "To": "b@example.test", "TextBody": "x"',
    b"this is not json",
    b'{"From": "a@example.test" "To": "b@example.test"}',
    # RFC 8259 allows none of these; a lenient parser would store the message.
    b'{"From": "a@example.test", "To": "b@example.test", "TextBody": "x",}',
    b'{"From": "a@example.test", "To": "b@example.test", "TextBody": "x"} trailing',
    b'{"From": \'a@example.test\', "To": "b@example.test", "TextBody": "x"}',
    b'{"From": "a@example.test", "To": "b@example.test", "TextBody": "\xff\xfe"}',
])
def test_malformed_json_is_402(postage, raw):
    expect_rejected(postage, lambda api: api.request("POST", "/email", server=postage.server_token, data=raw),
                    422, 402)


def test_duplicate_keys_the_last_one_wins(postage):
    """Postmark's binder is case-insensitive and a later duplicate replaces an earlier one."""
    u = uid()
    raw = ('{"From": "first-%s@example.test", "To": "to-%s@example.test", "TextBody": "x", '
           '"from": "second-%s@example.test", "Subject": "dup %s"}' % (u, u, u, u)).encode()
    api = postage.api()
    response = api.request("POST", "/email", server=postage.server_token, data=raw)
    assert response.status_code == 200, response.text
    message_id = response.json()["MessageID"]
    details = api.request("GET", f"/messages/outbound/{message_id}/details", server=postage.server_token).json()
    assert details["From"] == f"second-{u}@example.test"


def test_non_string_metadata_values_are_rejected(postage):
    message = valid(Metadata={"count": 5})
    expect_rejected(postage, lambda api: api.send(postage.server_token, message), 422, 300)


def test_malformed_json_batch_is_402(postage):
    raw = b'[{"From": "a@example.test", "To": "b@example.test", "TextBody": "x"}'
    expect_rejected(postage, lambda api: api.request("POST", "/email/batch", server=postage.server_token, data=raw),
                    422, 402)


@pytest.mark.parametrize("headers", [
    {},
    {"X-Postmark-Server-Token": "wrong-token"},
    {"X-Postmark-Server-Token": ""},
    {"X-Postmark-Server-Token": "POSTMARK_API_TEST_NOT"},
])
def test_bad_or_missing_server_token_is_401(postage, headers):
    message = valid()
    expect_rejected(postage, lambda api: api.request("POST", "/email", json_body=message, headers=headers), 401, 10)
    expect_rejected(postage, lambda api: api.request("POST", "/email/batch", json_body=[message], headers=headers),
                    401, 10)
    r = postage.api().request("GET", "/messages/outbound", params={"count": 1, "offset": 0}, headers=headers)
    assert_error(r, 401, 10)
    r = postage.api().request("GET", "/server", headers=headers)
    assert_error(r, 401, 10)


def test_account_token_is_not_a_server_token(postage):
    message = valid()
    expect_rejected(postage, lambda api: api.request("POST", "/email", json_body=message,
                                                     headers={"X-Postmark-Server-Token": postage.account_token}),
                    401, 10)


def test_auth_is_checked_before_the_body(postage):
    expect_rejected(postage, lambda api: api.request("POST", "/email", data=b"{not json",
                                                     headers={"X-Postmark-Server-Token": "wrong"}), 401, 10)


def test_errors_through_postmarker(postage):
    u = uid()
    good = postage.postmarker()
    api = postage.api()
    before = api.total(postage.server_token)
    bad = postage.postmarker(server_token="definitely-not-a-token")
    with pytest.raises(ClientError) as info:
        bad.emails.send(From=f"s-{u}@example.test", To=f"t-{u}@example.test", TextBody="x")
    assert info.value.error_code == 10
    with pytest.raises(ClientError) as info:
        good.emails.send(From=f"s-{u}@example.test", To="not an address", TextBody="x")
    assert info.value.error_code == 300
    with pytest.raises(ClientError) as info:
        good.emails.send(From=f"s-{u}@example.test", To=f"t-{u}@example.test", TextBody="x",
                         MessageStream="nope-stream")
    assert info.value.error_code == 1235
    with pytest.raises(ClientError) as info:
        good.emails.send(From=f"s-{u}@example.test", To=f"t-{u}@example.test", TextBody="x",
                         Attachments=[("run.exe", b64(b"MZ"), "application/octet-stream")])
    assert info.value.error_code == 411
    with pytest.raises(ClientError) as info:
        good.emails.send(From=f"s-{u}@example.test", To=f"t-{u}@example.test", TextBody="x",
                         Metadata={f"k{i}": "v" for i in range(11)})
    assert info.value.error_code == 300
    assert api.total(postage.server_token) == before


# -- batches ----------------------------------------------------------------------------------


def test_batch_of_501_is_410(postage):
    u = uid()
    messages = [valid(u, To=f"b{i}-{u}@example.test") for i in range(501)]
    body = expect_rejected(postage, lambda api: api.batch(postage.server_token, messages), 422, 410)
    assert "500" in body["Message"]


def test_batch_of_500_is_accepted(postage, api):
    u = uid()
    token = postage.server_token
    before = api.total(token)
    messages = [valid(u, To=f"b{i}-{u}@example.test", Tag=f"b500-{u}") for i in range(500)]
    r = api.batch(token, messages)
    assert r.status_code == 200, r.text[:300]
    body = r.json()
    assert len(body) == 500
    ids = [assert_send_ok(item, to=f"b{i}-{u}@example.test") for i, item in enumerate(body)]
    assert len(set(ids)) == 500
    assert api.total(token) == before + 500
    assert api.total(token, tag=f"b500-{u}") == 500


def test_batch_with_mixed_items_reports_each_in_order(postage, api):
    u = uid()
    token = postage.server_token
    items = [
        (valid(u, To=f"ok0-{u}@example.test", Tag=f"mixed-{u}"), 0),
        (valid(u, From=..., Tag=f"mixed-{u}"), 300),
        (valid(u, To=f"ok2-{u}@example.test", Tag=f"mixed-{u}"), 0),
        (valid(u, To="not an address", Tag=f"mixed-{u}"), 300),
        (valid(u, Tag=f"mixed-{u}", Attachments=[{"Name": "x.exe", "Content": "TVo=",
                                                  "ContentType": "application/octet-stream"}]), 411),
        (valid(u, Tag=f"mixed-{u}", MessageStream="no-such-stream"), 1235),
        (valid(u, Tag=f"mixed-{u}", MessageStream="inbound"), 1236),
        (valid(u, Tag=f"mixed-{u}", Subject="a\r\nBcc: evil@example.test"), 300),
        (valid(u, Tag=f"mixed-{u}", Metadata={"k" * 21: "v"}), 300),
        (valid(u, To=f"ok9-{u}@example.test", Tag=f"mixed-{u}", Cc=f"cc9-{u}@example.test"), 0),
    ]
    before = api.total(token)
    r = api.batch(token, [message for message, _ in items])
    assert r.status_code == 200, r.text
    body = r.json()
    assert isinstance(body, list) and len(body) == len(items)
    accepted = []
    for (message, code), result in zip(items, body):
        assert result["ErrorCode"] == code, (message, result)
        if code == 0:
            accepted.append(assert_send_ok(result, to=message["To"]))
        else:
            assert isinstance(result["Message"], str) and result["Message"] and result["Message"] != "OK", result
            assert not result.get("MessageID"), f"a failed item carries a MessageID: {result}"
    assert api.total(token) == before + 3
    assert set(api.ids(token, tag=f"mixed-{u}")) == set(accepted)
    # Each accepted item is stored with its own recipients.
    assert set(api.ids(token, recipient=f"cc9-{u}@example.test")) == {accepted[2]}


def test_batch_through_postmarker_reports_item_errors(postage):
    u = uid()
    client = postage.postmarker()
    responses = client.emails.send_batch(
        {"From": f"s-{u}@example.test", "To": f"t-{u}@example.test", "TextBody": "x"},
        {"From": f"s-{u}@example.test", "To": "broken address", "TextBody": "x"},
    )
    assert len(responses) == 2
    assert_send_ok(responses[0], to=f"t-{u}@example.test")
    assert responses[1]["ErrorCode"] == 300


# -- size limits ------------------------------------------------------------------------------


def test_near_limit_single_message_is_accepted(postage, api):
    u = uid()
    data = bytes(range(256)) * (7_000_000 // 256)  # ~9.3 MB once base64-encoded: under 10 MB
    message = valid(u, Attachments=[{"Name": "big.dat", "Content": b64(data), "ContentType": "application/octet-stream"}])
    payload = json.dumps(message).encode()
    assert 9_000_000 < len(payload) < 10 * 1000 * 1000
    r = api.request("POST", "/email", server=postage.server_token, data=payload)
    assert r.status_code == 200, r.text[:300]
    message_id = assert_send_ok(r.json())
    raw = api.dump_bytes(postage.server_token, message_id)
    assert_wire_format(raw)
    msg = parse_message(raw)
    parts = [p for p in msg.walk() if p.get_filename() == "big.dat"]
    assert len(parts) == 1 and parts[0].get_payload(decode=True) == data


def test_batch_over_10mb_is_accepted(postage, api):
    """The batch limit is 50 MB: two 5.5 MB messages together are fine."""
    u = uid()
    data = bytes(range(256)) * (4_100_000 // 256)
    messages = [valid(u, To=f"big{i}-{u}@example.test",
                      Attachments=[{"Name": f"part{i}.dat", "Content": b64(data),
                                    "ContentType": "application/octet-stream"}]) for i in range(2)]
    payload = json.dumps(messages).encode()
    assert len(payload) > 10 * 1024 * 1024
    r = api.request("POST", "/email/batch", server=postage.server_token, data=payload)
    assert r.status_code == 200, r.text[:300]
    assert [item["ErrorCode"] for item in r.json()] == [0, 0]


@pytest.mark.slow
@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_single_body_over_10mb_is_413(postage, chunked):
    u = uid()
    api = postage.api()
    before = api.total(postage.server_token)
    prefix = f'{{"From": "s-{u}@example.test", "To": "t-{u}@example.test", "TextBody": "x", "Attachments": [{{"Name": "a.dat", "ContentType": "application/octet-stream", "Content": "'.encode()
    filler = b"QUFB" * 16384  # 64 KiB of base64
    count = (10 * 1024 * 1024 + 512 * 1024) // len(filler)  # 10.5 MiB
    status, _, body, sent = post_streaming(
        postage.port, "/email", {"X-Postmark-Server-Token": postage.server_token, "Content-Type": "application/json",
                                 "Accept": "application/json"},
        prefix, filler, count, b'"}]}', chunked=chunked)
    assert status == 413, f"expected HTTP 413, got {status}: {body[:300]!r}"
    assert api.total(postage.server_token) == before
    # The server is still healthy afterwards.
    r = api.send(postage.server_token, valid(u))
    assert r.status_code == 200, r.text


@pytest.mark.slow
def test_batch_body_over_50mb_is_413(postage):
    u = uid()
    api = postage.api()
    before = api.total(postage.server_token)
    prefix = f'[{{"From": "s-{u}@example.test", "To": "t-{u}@example.test", "TextBody": "'.encode()
    filler = b"a" * 65536
    count = (51 * 1024 * 1024) // len(filler)
    status, _, body, sent = post_streaming(
        postage.port, "/email/batch",
        {"X-Postmark-Server-Token": postage.server_token, "Content-Type": "application/json"},
        prefix, filler, count, b'"}]', chunked=False)
    assert status == 413, f"expected HTTP 413, got {status}: {body[:300]!r}"
    assert api.total(postage.server_token) == before


# -- the test token ---------------------------------------------------------------------------


def test_test_token_validates_without_storing(postage, api):
    u = uid()
    before = api.total(postage.server_token)
    r = api.send("POSTMARK_API_TEST", valid(u, To=f"test-{u}@example.test"))
    assert r.status_code == 200, r.text
    message_id = assert_send_ok(r.json(), to=f"test-{u}@example.test", test_job=True)
    assert api.total(postage.server_token) == before
    assert_error(api.details(postage.server_token, message_id), 422, 701)
    assert api.total(postage.server_token, recipient=f"test-{u}@example.test") == 0

    r = api.batch("POSTMARK_API_TEST", [valid(u), valid(u, To="broken")])
    assert r.status_code == 200, r.text
    items = r.json()
    assert_send_ok(items[0], test_job=True)
    assert items[1]["ErrorCode"] == 300
    assert api.total(postage.server_token) == before


def test_test_token_still_validates(postage):
    for message, code in ((valid(To="not an address"), 300), (valid(MessageStream="nope"), 1235),
                          (valid(Attachments=[{"Name": "x.exe", "Content": "TVo=", "ContentType": "a/b"}]), 411)):
        expect_rejected(postage, lambda api: api.send("POSTMARK_API_TEST", message), 422, code)
    expect_rejected(postage, lambda api: api.request("POST", "/email", server="POSTMARK_API_TEST", data=b"{"),
                    422, 402)


def test_test_token_through_postmarker(postage):
    u = uid()
    api = postage.api()
    before = api.total(postage.server_token)
    client = postage.postmarker(server_token="POSTMARK_API_TEST")
    response = client.emails.send(From=f"s-{u}@example.test", To=f"t-{u}@example.test", Subject="test",
                                  HtmlBody="<b>hi</b>", Attachments=[("a.txt", b64(b"a"), "text/plain")])
    assert_send_ok(response, to=f"t-{u}@example.test", test_job=True)
    assert api.total(postage.server_token) == before
