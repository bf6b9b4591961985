"""Account API /servers, server API /server, and isolation between servers."""

import pytest
from postmarker.exceptions import ClientError

from harness import assert_error, assert_send_ok, uid

SERVER_FIELDS = {
    "ID", "Name", "ApiTokens", "Color", "SmtpApiActivated", "RawEmailEnabled", "DeliveryType", "ServerLink",
    "InboundAddress", "InboundHookUrl", "BounceHookUrl", "OpenHookUrl", "DeliveryHookUrl", "ClickHookUrl",
    "PostFirstOpenOnly", "InboundDomain", "InboundHash", "InboundSpamThreshold", "TrackOpens", "TrackLinks",
    "IncludeBounceContentInHook", "EnableSmtpApiErrorHooks",
}


def check_server_object(server):
    missing = SERVER_FIELDS - set(server)
    assert not missing, f"Server object lacks {sorted(missing)}"
    assert isinstance(server["ID"], int)
    assert isinstance(server["ApiTokens"], list) and server["ApiTokens"] and all(
        isinstance(t, str) and len(t) >= 20 for t in server["ApiTokens"]), server["ApiTokens"]
    assert server["DeliveryType"] in ("Live", "Sandbox")
    assert server["TrackLinks"] in ("None", "HtmlAndText", "HtmlOnly", "TextOnly")
    assert isinstance(server["InboundHash"], str) and server["InboundHash"], server
    assert server["InboundAddress"].startswith(server["InboundHash"] + "@"), server["InboundAddress"]


def create_server(postage, name, **fields):
    r = postage.api().request("POST", "/servers", account=postage.account_token, json_body={"Name": name, **fields})
    assert r.status_code == 200, r.text
    server = r.json()
    check_server_object(server)
    assert server["Name"] == name
    return server


def list_servers(postage, **params):
    params.setdefault("count", 500)
    params.setdefault("offset", 0)
    r = postage.api().request("GET", "/servers", account=postage.account_token, params=params)
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) >= {"TotalCount", "Servers"}
    return body


def test_list_contains_the_default_server(postage):
    body = list_servers(postage)
    assert body["TotalCount"] >= 1
    for server in body["Servers"]:
        check_server_object(server)
    default = [s for s in body["Servers"] if s["ID"] == 1]
    assert len(default) == 1
    assert postage.server_token in default[0]["ApiTokens"]


def test_server_lifecycle(postage):
    api = postage.api()
    account = postage.account_token
    u = uid()
    created = create_server(postage, f"e2e-{u}", Color="Blue", TrackOpens=True)
    sid = created["ID"]
    assert created["Color"].lower() == "blue"
    assert created["TrackOpens"] is True
    assert created["DeliveryType"] == "Live"
    assert len(created["ApiTokens"]) == 1
    token = created["ApiTokens"][0]
    assert token != postage.server_token

    got = api.request("GET", f"/servers/{sid}", account=account)
    assert got.status_code == 200, got.text
    assert got.json() == created

    # The new server's token works for the server API and for sending.
    r = api.request("GET", "/server", server=token)
    assert r.status_code == 200, r.text
    assert r.json()["ID"] == sid and r.json()["Name"] == f"e2e-{u}"
    r = api.send(token, {"From": f"s-{u}@example.test", "To": f"t-{u}@example.test", "TextBody": "x"})
    assert r.status_code == 200, r.text
    assert_send_ok(r.json())

    edited = api.request("PUT", f"/servers/{sid}", account=account,
                         json_body={"Name": f"e2e-{u}-renamed", "Color": "Red"})
    assert edited.status_code == 200, edited.text
    edited = edited.json()
    check_server_object(edited)
    assert edited["ID"] == sid
    assert edited["Name"] == f"e2e-{u}-renamed"
    assert edited["Color"].lower() == "red"
    assert edited["TrackOpens"] is True, "a field left out of the edit changed"
    assert edited["ApiTokens"] == created["ApiTokens"]
    assert api.request("GET", f"/servers/{sid}", account=account).json() == edited

    listed = list_servers(postage, name=f"e2e-{u}")
    assert [s["ID"] for s in listed["Servers"]] == [sid] and listed["TotalCount"] == 1

    deleted = api.request("DELETE", f"/servers/{sid}", account=account)
    assert deleted.status_code == 200, deleted.text
    assert deleted.json()["ErrorCode"] == 0
    assert deleted.json()["Message"] == f"Server e2e-{u}-renamed removed."

    gone = api.request("GET", f"/servers/{sid}", account=account)
    assert gone.status_code in (404, 422), gone.text
    assert gone.json()["ErrorCode"] != 0
    assert list_servers(postage, name=f"e2e-{u}")["TotalCount"] == 0
    assert_error(api.request("GET", "/server", server=token), 401, 10)
    assert_error(api.send(token, {"From": "a@example.test", "To": "b@example.test", "TextBody": "x"}), 401, 10)


def test_list_name_filter_and_paging(postage):
    u = uid()
    made = [create_server(postage, f"page-{u}-{i}")["ID"] for i in range(3)]
    create_server(postage, f"other-{u}")
    first = list_servers(postage, name=f"page-{u}", count=2, offset=0)
    second = list_servers(postage, name=f"page-{u}", count=2, offset=2)
    assert first["TotalCount"] == 3 and second["TotalCount"] == 3
    assert len(first["Servers"]) == 2 and len(second["Servers"]) == 1
    ids = [s["ID"] for s in first["Servers"] + second["Servers"]]
    assert sorted(ids) == sorted(made)
    assert list_servers(postage, name=f"{u}")["TotalCount"] == 4
    absent = list_servers(postage, name=f"absent-{u}")
    assert absent["TotalCount"] == 0 and absent["Servers"] == []


def test_duplicate_name_is_603(postage):
    api = postage.api()
    u = uid()
    first = create_server(postage, f"dup-{u}")
    second = create_server(postage, f"dup2-{u}")
    before = list_servers(postage)["TotalCount"]
    r = api.request("POST", "/servers", account=postage.account_token, json_body={"Name": f"dup-{u}"})
    assert_error(r, 422, 603)
    assert list_servers(postage)["TotalCount"] == before
    r = api.request("PUT", f"/servers/{second['ID']}", account=postage.account_token, json_body={"Name": f"dup-{u}"})
    assert_error(r, 422, 603)
    assert api.request("GET", f"/servers/{second['ID']}", account=postage.account_token).json()["Name"] == f"dup2-{u}"
    # The same name through PUT /server with the second server's token.
    r = api.request("PUT", "/server", server=second["ApiTokens"][0], json_body={"Name": f"dup-{u}"})
    assert_error(r, 422, 603)
    assert first["Name"] == f"dup-{u}"


def test_create_without_name_is_rejected(postage):
    api = postage.api()
    before = list_servers(postage)["TotalCount"]
    r = api.request("POST", "/servers", account=postage.account_token, json_body={"Color": "Blue"})
    assert_error(r, 422, 608)
    assert list_servers(postage)["TotalCount"] == before


@pytest.mark.parametrize("params", [{"count": 501, "offset": 0}, {"offset": 0}, {"count": 10, "offset": -1}])
def test_servers_paging_errors_are_600(postage, params):
    r = postage.api().request("GET", "/servers", account=postage.account_token, params=params)
    assert_error(r, 422, 600)


def test_account_api_auth(postage):
    api = postage.api()
    for headers in ({}, {"X-Postmark-Account-Token": "wrong"},
                    {"X-Postmark-Account-Token": postage.server_token},
                    {"X-Postmark-Server-Token": postage.server_token}):
        assert_error(api.request("GET", "/servers", params={"count": 10, "offset": 0}, headers=headers), 401, 10)
        assert_error(api.request("GET", "/servers/1", headers=headers), 401, 10)
        assert_error(api.request("POST", "/servers", json_body={"Name": f"x-{uid()}"}, headers=headers), 401, 10)
    # The account token is not a server token.
    assert_error(api.request("GET", "/server", server=postage.account_token), 401, 10)


def test_unknown_server_id(postage):
    api = postage.api()
    r = api.request("GET", "/servers/987654321", account=postage.account_token)
    assert r.status_code in (404, 422), r.text
    assert r.json()["ErrorCode"] != 0
    r = api.request("PUT", "/servers/987654321", account=postage.account_token, json_body={"Name": "x"})
    assert r.status_code in (404, 422), r.text
    r = api.request("DELETE", "/servers/987654321", account=postage.account_token)
    assert r.status_code in (404, 422), r.text


def test_get_and_put_current_server(postage):
    api = postage.api()
    u = uid()
    created = create_server(postage, f"self-{u}")
    token = created["ApiTokens"][0]
    r = api.request("GET", "/server", server=token)
    assert r.status_code == 200
    current = r.json()
    check_server_object(current)
    assert current == created

    r = api.request("PUT", "/server", server=token,
                    json_body={"Name": f"self-{u}-new", "Color": "Green", "TrackOpens": True,
                               "TrackLinks": "HtmlAndText"})
    assert r.status_code == 200, r.text
    edited = r.json()
    assert edited["ID"] == created["ID"]
    assert edited["Name"] == f"self-{u}-new"
    assert edited["Color"].lower() == "green"
    assert edited["TrackOpens"] is True
    assert edited["TrackLinks"] == "HtmlAndText"
    assert edited["ApiTokens"] == created["ApiTokens"]
    account_view = api.request("GET", f"/servers/{created['ID']}", account=postage.account_token).json()
    assert account_view == edited

    assert_error(api.request("PUT", "/server", server=token, json_body={"Color": "Chartreuse"}), 422, 607)
    assert_error(api.request("PUT", "/server", server=token, json_body={"TrackLinks": "Sometimes"}), 422, 612)
    assert api.request("GET", "/server", server=token).json() == edited

    # postmarker's server manager.
    client = postage.postmarker(server_token=token)
    model = client.server.get()
    assert model.ID == created["ID"] and model.Name == f"self-{u}-new"
    model.edit(Color="Purple")
    assert model.Color.lower() == "purple"
    assert client.server.get().Color.lower() == "purple"


def test_a_server_never_sees_another_servers_messages(postage):
    api = postage.api()
    u = uid()
    other = create_server(postage, f"iso-{u}")
    other_token = other["ApiTokens"][0]
    mine = api.send(postage.server_token, {"From": f"a-{u}@example.test", "To": f"shared-{u}@example.test",
                                           "Subject": f"iso {u}", "TextBody": "mine", "Tag": f"iso-{u}"})
    assert mine.status_code == 200
    mine_id = mine.json()["MessageID"]
    theirs = api.send(other_token, {"From": f"b-{u}@example.test", "To": f"shared-{u}@example.test",
                                    "Subject": f"iso {u}", "TextBody": "theirs", "Tag": f"iso-{u}"})
    assert theirs.status_code == 200
    theirs_id = theirs.json()["MessageID"]

    assert api.ids(other_token, recipient=f"shared-{u}@example.test") == [theirs_id]
    assert api.ids(postage.server_token, recipient=f"shared-{u}@example.test") == [mine_id]
    assert api.ids(other_token, tag=f"iso-{u}") == [theirs_id]
    assert api.total(other_token) == 1, "the new server's search shows messages it did not send"
    for token, foreign in ((other_token, mine_id), (postage.server_token, theirs_id)):
        assert_error(api.details(token, foreign), 422, 701)
        assert_error(api.dump(token, foreign), 422, 701)
    assert api.details(other_token, theirs_id).json()["TextBody"] == "theirs"

    client = postage.postmarker(server_token=other_token)
    with pytest.raises(ClientError) as info:
        client.messages.outbound.get(mine_id)
    assert info.value.error_code == 701
    assert [m.MessageID for m in client.messages.outbound.all(recipient=f"shared-{u}@example.test")] == [theirs_id]


def test_account_paths_are_case_insensitive(postage):
    api = postage.api()
    for path in ("/Servers", "/SERVERS/", "/servers/"):
        r = api.request("GET", path, account=postage.account_token, params={"Count": 5, "Offset": 0})
        assert r.status_code == 200, (path, r.text)
        assert r.json()["TotalCount"] >= 1
    for path in ("/Servers/1", "/servers/1/"):
        r = api.request("GET", path, account=postage.account_token)
        assert r.status_code == 200, (path, r.text)
        assert r.json()["ID"] == 1
    for path in ("/Server", "/SERVER/"):
        r = api.request("GET", path, server=postage.server_token)
        assert r.status_code == 200, (path, r.text)
        assert r.json()["ID"] == 1


def test_create_options(postage):
    api = postage.api()
    u = uid()
    sandbox = create_server(postage, f"sandbox-{u}", DeliveryType="Sandbox", Color="Purple")
    assert sandbox["DeliveryType"] == "Sandbox"
    assert sandbox["Color"].lower() == "purple"
    assert create_server(postage, f"live-{u}")["DeliveryType"] == "Live"
    before = list_servers(postage)["TotalCount"]
    r = api.request("POST", "/servers", account=postage.account_token, json_body={"Name": f"c-{u}", "Color": "Chartreuse"})
    assert_error(r, 422, 607)
    r = api.request("POST", "/servers", account=postage.account_token,
                    json_body={"Name": f"t-{u}", "TrackLinks": "Sometimes"})
    assert_error(r, 422, 612)
    assert list_servers(postage)["TotalCount"] == before
