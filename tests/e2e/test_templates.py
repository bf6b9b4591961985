"""Templates end to end (issue 6): the Templates API (reference 3.3, 4.4, 8.3), templated sending
(3.1) and CSS inlining, through postmarker unmodified and through raw HTTP, against the real binary.

Each test that stores templates works on a server of its own (created through the account API), so
the 100-templates-per-server limit and alias uniqueness never couple tests together."""

import json
from pathlib import Path

import pytest
from postmarker.exceptions import ClientError

from harness import REPO, assert_error, assert_send_ok, uid

CORPUS = REPO.parent / "shared" / "testdata" / "postmark-templates"
TEMPLATE_NAMES = [
    "comment-notification", "dunning", "example", "invoice", "password-reset", "password-reset-help",
    "receipt", "trial-expired", "trial-expiring", "user-invitation", "welcome",
]
LAYOUT_NAMES = ["basic", "basic-full", "plain"]
SUGGESTED = json.loads((CORPUS / "suggested-models.json").read_text("utf-8"))["templates"]


def stored(folder: str) -> dict:
    """One corpus entry as a POST /templates body: meta.json plus content.html/.txt."""
    base = CORPUS / folder
    body = json.loads((base / "meta.json").read_text("utf-8"))
    body["HtmlBody"] = (base / "content.html").read_text("utf-8")
    body["TextBody"] = (base / "content.txt").read_text("utf-8")
    return body


@pytest.fixture
def token(api, postage):
    """A fresh server (account API) and its server token."""
    r = api.request("POST", "/servers", account=postage.account_token, json_body={"Name": f"templates-{uid()}"})
    assert r.status_code == 200, r.text
    return r.json()["ApiTokens"][0]


def create(api, token, **body):
    r = api.request("POST", "/templates", server=token, json_body=body)
    assert r.status_code == 200, r.text
    return r.json()


def leaves(value):
    """Every string leaf of a model."""
    if isinstance(value, dict):
        for item in value.values():
            yield from leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from leaves(item)
    elif isinstance(value, str):
        yield value


def covers(suggested, expected) -> bool:
    """True when every path of `expected` exists in `suggested` with the same shape."""
    if isinstance(expected, dict):
        return isinstance(suggested, dict) and all(k in suggested and covers(suggested[k], v) for k, v in expected.items())
    if isinstance(expected, list):
        return isinstance(suggested, list) and len(suggested) > 0 and all(covers(suggested[0], v) for v in expected[:1])
    return isinstance(suggested, str)


# ---------------------------------------------------------------------------------------------
# postmarker, unmodified


def test_postmarker_template_calls(postage, token):
    client = postage.postmarker(server_token=token)
    u = uid()
    template = client.templates.create(
        Name=f"Welcome {u}", Subject="Hi {{name}}", HtmlBody="<p>Hello <b>{{name}}</b></p>",
        TextBody="Hello {{name}}", Alias=f"welcome-{u}")
    assert isinstance(template.TemplateId, int)
    assert template.Active is True
    assert template.Alias == f"welcome-{u}"
    assert template.TemplateType == "Standard"

    fetched = client.templates.get(template.TemplateId)
    assert fetched.Name == f"Welcome {u}"
    assert fetched.Subject == "Hi {{name}}"
    assert fetched.HtmlBody == "<p>Hello <b>{{name}}</b></p>"
    assert fetched.AssociatedServerId > 0

    # postmarker's edit sends null for everything not given: those fields keep their values.
    edited = client.templates.edit(template.TemplateId, Name=f"Renamed {u}")
    assert edited["Name"] == f"Renamed {u}"
    again = client.templates.get(template.TemplateId)
    assert again.Subject == "Hi {{name}}" and again.Alias == f"welcome-{u}" and again.TextBody == "Hello {{name}}"

    assert [t.TemplateId for t in client.templates.all()] == [template.TemplateId]

    validation = client.templates.validate(
        Subject="Hi {{name}}", HtmlBody=None, TextBody="{{#each items}}{{title}}{{/each}}",
        TestRenderModel={"name": "Ann"})
    assert validation["AllContentIsValid"] is True
    assert validation["HtmlBody"] is None
    assert validation["Subject"] == {"ContentIsValid": True, "ValidationErrors": [], "RenderedContent": "Hi Ann"}
    assert validation["TextBody"]["RenderedContent"] == "title_Value"
    assert validation["SuggestedTemplateModel"] == {"items": [{"title": "title_Value"}], "name": "name_Value"}

    sent = client.emails.send_with_template(
        TemplateId=template.TemplateId, TemplateModel={"name": "Zoë & Co"}, From="sender@example.test",
        To=f"rcpt-{u}@example.test")
    message_id = assert_send_ok(sent, to=f"rcpt-{u}@example.test")
    by_alias = client.emails.send_with_template(
        TemplateAlias=f"welcome-{u}", TemplateModel={"name": "Al"}, From="sender@example.test",
        To=f"alias-{u}@example.test", Metadata={"k": "v"}, Tag="t")
    assert_send_ok(by_alias, to=f"alias-{u}@example.test")

    details = postage.api().details(token, message_id).json()
    assert details["Subject"] == "Hi Zoë & Co"
    # HtmlBody escapes {{ }}, including Latin-1 as numeric references; TextBody and Subject do not.
    assert details["HtmlBody"] == "<p>Hello <b>Zo&#235; &amp; Co</b></p>"
    assert details["TextBody"] == "Hello Zoë & Co"

    batch = client.emails.send_template_batch(
        {"TemplateId": template.TemplateId, "TemplateModel": {"name": "One"}, "From": "sender@example.test",
         "To": f"b1-{u}@example.test"},
        {"TemplateAlias": f"welcome-{u}", "TemplateModel": {"name": "Two"}, "From": "sender@example.test",
         "To": f"b2-{u}@example.test"},
        {"TemplateAlias": "no-such-template", "TemplateModel": {}, "From": "sender@example.test",
         "To": f"b3-{u}@example.test"},
    )
    assert len(batch) == 3
    assert_send_ok(batch[0], to=f"b1-{u}@example.test")
    assert_send_ok(batch[1], to=f"b2-{u}@example.test")
    assert batch[2]["ErrorCode"] == 1101
    subjects = {m["Subject"] for m in postage.api().search(token, tag="t")["Messages"]}
    assert subjects == {"Hi Al"}

    assert client.templates.delete(template.TemplateId) == f"Template {template.TemplateId} removed."
    with pytest.raises(ClientError) as error:
        client.emails.send_with_template(
            TemplateId=template.TemplateId, TemplateModel={}, From="sender@example.test", To="x@example.test")
    assert error.value.error_code == 1101


# ---------------------------------------------------------------------------------------------
# The Templates API


def test_template_crud_shapes_and_rules(api, token):
    u = uid()
    layout = create(api, token, Name="Base", Alias="base", TemplateType="Layout",
                    HtmlBody="<main>{{{ @content }}}</main>", TextBody="{{{@content}}}")
    assert layout == {"TemplateId": layout["TemplateId"], "Name": "Base", "Active": True, "Alias": "base",
                      "TemplateType": "Layout", "LayoutTemplate": None}
    plain = create(api, token, Name=f"Plain {u}", Subject="S", TextBody="T")
    assert plain["Alias"] is None and plain["LayoutTemplate"] is None and plain["TemplateType"] == "Standard"
    wrapped = create(api, token, Name="Wrapped", Alias="Wrapped.v1_x-y", Subject="S {{a}}", HtmlBody="<p>{{a}}</p>",
                     LayoutTemplate="base")
    assert wrapped["LayoutTemplate"] == "base"

    r = api.request("GET", f"/templates/{plain['TemplateId']}", server=token)
    assert r.json() == {"TemplateId": plain["TemplateId"], "Name": f"Plain {u}", "Subject": "S", "HtmlBody": None,
                        "TextBody": "T", "AssociatedServerId": r.json()["AssociatedServerId"], "Active": True,
                        "Alias": None, "TemplateType": "Standard", "LayoutTemplate": None}
    # By alias (case-sensitive), with tolerant paths.
    assert api.request("GET", "/Templates/Wrapped.v1_x-y/", server=token).json()["TemplateId"] == wrapped["TemplateId"]
    assert_error(api.request("GET", "/templates/wrapped.v1_x-y", server=token), 422, 1101,
                 "The Template's 'Alias' associated with this request is not valid or was not found.")
    assert_error(api.request("GET", "/templates/987654321", server=token), 422, 1101,
                 "The 'TemplateId' associated with this request is not valid or was not found.")

    # Listing: paging and filters.
    listing = api.request("GET", "/templates", server=token, params={"Count": 10, "Offset": 0}).json()
    assert listing["TotalCount"] == 3
    assert [t["TemplateId"] for t in listing["Templates"]] == [layout["TemplateId"], plain["TemplateId"],
                                                               wrapped["TemplateId"]]
    assert set(listing["Templates"][0]) == {"Active", "TemplateId", "Name", "Alias", "TemplateType", "LayoutTemplate"}
    page = api.request("GET", "/templates", server=token, params={"count": 1, "offset": 1}).json()
    assert page["TotalCount"] == 3 and [t["TemplateId"] for t in page["Templates"]] == [plain["TemplateId"]]
    layouts = api.request("GET", "/templates", server=token,
                          params={"Count": 10, "Offset": 0, "TemplateType": "Layout"}).json()
    assert [t["TemplateId"] for t in layouts["Templates"]] == [layout["TemplateId"]]
    standard = api.request("GET", "/templates", server=token,
                           params={"Count": 10, "Offset": 0, "templateType": "standard"}).json()
    assert standard["TotalCount"] == 2
    using = api.request("GET", "/templates", server=token,
                        params={"Count": 10, "Offset": 0, "LayoutTemplate": "base"}).json()
    assert [t["TemplateId"] for t in using["Templates"]] == [wrapped["TemplateId"]]
    for params in [{"Offset": 0}, {"Count": 10}, {"Count": 0, "Offset": 0}, {"Count": 501, "Offset": 0},
                   {"Count": 500, "Offset": 9600}, {"Count": 10, "Offset": 0, "TemplateType": "Nope"}]:
        assert_error(api.request("GET", "/templates", server=token, params=params), 422, 1100)

    # Edit: nulls keep, "" detaches the layout, TemplateType cannot change.
    r = api.request("PUT", f"/templates/{wrapped['TemplateId']}", server=token,
                    json_body={"Name": None, "Subject": "New {{b}}", "LayoutTemplate": ""})
    assert r.status_code == 200, r.text
    assert r.json()["LayoutTemplate"] is None and r.json()["Name"] == "Wrapped"
    assert api.request("GET", "/templates/Wrapped.v1_x-y", server=token).json()["Subject"] == "New {{b}}"
    assert_error(api.request("PUT", "/templates/base", server=token, json_body={"TemplateType": "Standard"}),
                 422, 1123)

    # A layout in use cannot be deleted or lose its alias (1130); once unused it can.
    create(api, token, Name="User", Alias="user", Subject="S", TextBody="T", LayoutTemplate="base")
    assert_error(api.request("DELETE", "/templates/base", server=token), 422, 1130)
    assert_error(api.request("PUT", "/templates/base", server=token, json_body={"Alias": "renamed"}), 422, 1130)
    r = api.request("DELETE", "/templates/user", server=token)
    assert r.status_code == 200 and r.json()["ErrorCode"] == 0
    r = api.request("DELETE", f"/templates/{layout['TemplateId']}", server=token)
    assert r.json() == {"ErrorCode": 0, "Message": f"Template {layout['TemplateId']} removed."}
    # A deleted template is still readable by id, inactive; not by alias; its alias is free again.
    gone = api.request("GET", f"/templates/{layout['TemplateId']}", server=token).json()
    assert gone["Active"] is False and gone["Alias"] == "base"
    assert_error(api.request("GET", "/templates/base", server=token), 422, 1101)
    assert_error(api.request("DELETE", f"/templates/{layout['TemplateId']}", server=token), 422, 1101)
    assert_error(api.request("PUT", f"/templates/{layout['TemplateId']}", server=token, json_body={"Name": "x"}),
                 422, 1101)
    create(api, token, Name="Base again", Alias="base", TemplateType="Layout", TextBody="{{{ @content }}}")



def test_templates_belong_to_their_server(api, postage, token):
    mine = create(api, token, Name="Mine", Alias="mine", Subject="S", TextBody="T")
    other = api.request("POST", "/servers", account=postage.account_token, json_body={"Name": f"other-{uid()}"})
    other_token = other.json()["ApiTokens"][0]
    assert_error(api.request("GET", f"/templates/{mine['TemplateId']}", server=other_token), 422, 1101)
    assert_error(api.request("GET", "/templates/mine", server=other_token), 422, 1101)
    assert_error(api.request("DELETE", f"/templates/{mine['TemplateId']}", server=other_token), 422, 1101)
    r = api.request("POST", "/email/withTemplate", server=other_token, json_body={
        "TemplateId": mine["TemplateId"], "TemplateModel": {}, "From": "s@example.test", "To": "r@example.test"})
    assert_error(r, 422, 1101)
    assert api.request("GET", "/templates", server=other_token, params={"count": 10, "offset": 0}).json() == {
        "TotalCount": 0, "Templates": []}
    # The same alias on the other server is its own template.
    theirs = create(api, other_token, Name="Theirs", Alias="mine", Subject="S2", TextBody="T2")
    assert theirs["TemplateId"] != mine["TemplateId"]
    assert api.request("GET", "/templates/mine", server=token).json()["Subject"] == "S"
    assert_error(api.request("GET", "/templates", params={"count": 1, "offset": 0}), 401, 10)


@pytest.mark.parametrize("body, code, part", [
    ({}, 1109, None),
    ({"Subject": "S", "TextBody": "T"}, 1120, "Name"),
    ({"Name": "N", "TextBody": "T"}, 1120, "Subject"),
    ({"Name": "N", "Subject": "S"}, 1120, "HtmlBody"),
    ({"Name": "N", "Subject": "S", "TextBody": "T", "Alias": "1abc"}, 1122, "Alias"),
    ({"Name": "N", "Subject": "S", "TextBody": "T", "Alias": "has space"}, 1122, "Alias"),
    ({"Name": "N", "Subject": "S", "TextBody": "T", "TemplateType": "Partial"}, 1122, "TemplateType"),
    ({"Name": "N", "Subject": "S", "TextBody": "T", "LayoutTemplate": "missing"}, 1101, "missing"),
    ({"Name": "N", "Subject": "S", "TemplateType": "Layout", "TextBody": "{{{ @content }}}"}, 1123, "Subject"),
    ({"Name": "N", "TemplateType": "Layout", "TextBody": "no placeholder"}, 1131, "TextBody"),
    ({"Name": "N", "TemplateType": "Layout", "HtmlBody": "{{{@content}}}{{{ @content }}}"}, 1131, "HtmlBody"),
    ({"Name": "N", "TemplateType": "Layout", "TextBody": "{{{ @content }}}", "LayoutTemplate": "x"}, 1123, None),
    ({"Name": "N", "Subject": "S", "TextBody": "{{{ @content }}}"}, 1122, "@content"),
    ({"Name": "N", "Subject": "S", "TextBody": "T", "HtmlBody": "x\u0000"}, 1122, "NUL"),
    ({"Name": "N" * 256, "Subject": "S", "TextBody": "T"}, 1121, "Name"),
    ({"Name": 5, "Subject": "S", "TextBody": "T"}, 402, None),
])
def test_create_errors(api, token, body, code, part):
    body = assert_error(api.request("POST", "/templates", server=token, json_body=body), 422, code)
    if part:
        assert part in body["Message"], body


def test_bad_templates_get_positions(api, token):
    # An unclosed section: 1122 on save, with the position; validate lists every error with its place.
    source = "Hello\n  {{#items}}\n{{name}}"
    body = assert_error(api.request("POST", "/templates", server=token,
                                    json_body={"Name": "N", "Subject": "S", "HtmlBody": source}), 422, 1122)
    assert "line 2, position 3" in body["Message"], body
    assert "A scope block to the following path was opened but not closed: 'items'" in body["Message"]
    r = api.request("POST", "/templates/validate", server=token,
                    json_body={"Subject": "Hi {{first-name}}", "HtmlBody": source, "TextBody": "{{#if paid}}yes{{/if}}"})
    assert r.status_code == 200, r.text
    result = r.json()
    assert result["AllContentIsValid"] is False
    assert result["HtmlBody"] == {"ContentIsValid": False, "RenderedContent": None, "ValidationErrors": [
        {"Message": "A scope block to the following path was opened but not closed: 'items', please close it "
                    "using the appropriate syntax.", "Line": 2, "CharacterPosition": 3}]}
    assert result["Subject"]["ValidationErrors"] == [
        {"Message": "The path 'first-name' is not valid. Please see documentation for examples of valid paths.",
         "Line": 1, "CharacterPosition": 4}]
    assert [(e["Line"], e["CharacterPosition"]) for e in result["TextBody"]["ValidationErrors"]] == [(1, 1), (1, 1), (1, 16)]
    assert result["SuggestedTemplateModel"] == {}

    # A layout without its placeholder, validated as a Layout: invalid, no position.
    r = api.request("POST", "/templates/validate", server=token,
                    json_body={"HtmlBody": "<p>no content</p>", "TemplateType": "Layout"})
    html = r.json()["HtmlBody"]
    assert html["ContentIsValid"] is False and html["ValidationErrors"][0]["Line"] is None
    # An unknown layout is 1101.
    assert_error(api.request("POST", "/templates/validate", server=token,
                             json_body={"HtmlBody": "x", "LayoutTemplate": "nope"}), 422, 1101)
    assert_error(api.request("POST", "/templates/validate", server=token, json_body={}), 422, 1109)
    assert_error(api.request("POST", "/templates/validate", server=token,
                             json_body={"TestRenderModel": {"a": 1}}), 422, 1120)


def test_validate_renders_with_layout_and_inlines_css(api, token):
    create(api, token, Name="L", Alias="layout", TemplateType="Layout",
           HtmlBody="<html><head><style>p { color: red } a:hover { color: blue }</style></head>"
                    "<body><h1>{{title}}</h1>{{{ @content }}}</body></html>",
           TextBody="== {{title}} ==\n{{{ @content }}}")
    request = {"Subject": "{{title}}: {{#user}}{{name}}{{/user}}", "HtmlBody": "<p>{{user.name}} {{#each tags}}[{{.}}]{{/each}}</p>",
               "TextBody": "{{user.name}}", "LayoutTemplate": "layout",
               "TestRenderModel": {"title": "<T>", "tags": ["a", "b"], "extra": 1}}
    result = api.request("POST", "/templates/validate", server=token, json_body=request).json()
    assert result["AllContentIsValid"] is True
    # The suggestion includes the layout's variables; the caller's model wins where given.
    assert result["SuggestedTemplateModel"] == {"title": "title_Value", "user": {"name": "name_Value"},
                                                "tags": ["tags_1", "tags_2", "tags_3"]}
    assert result["HtmlBody"]["RenderedContent"] == (
        "<html><head><style>\na:hover { color: blue }\n</style></head><body><h1>&lt;T&gt;</h1>"
        "<p style=\"color: red;\">name_Value [a][b]</p></body></html>")
    assert result["TextBody"]["RenderedContent"] == "== <T> ==\nname_Value"
    assert result["Subject"]["RenderedContent"] == "<T>: name_Value"
    request["InlineCssForHtmlTestRender"] = False
    html = api.request("POST", "/templates/validate", server=token, json_body=request).json()["HtmlBody"]
    assert "<style>p { color: red }" in html["RenderedContent"] and 'style="' not in html["RenderedContent"]
    # A render error for this model is a validation error of the part.
    r = api.request("POST", "/templates/validate", server=token,
                    json_body={"TextBody": "{{#each person}}x{{/each}}", "TestRenderModel": {"person": {"n": 1}}})
    text = r.json()["TextBody"]
    assert text["ContentIsValid"] is False and text["RenderedContent"] is None
    assert text["ValidationErrors"][0]["Message"] == (
        "'person' is used like an array by the template, but is a scalar value or object in your model.")


# ---------------------------------------------------------------------------------------------
# Templated sending


def test_send_with_template_errors(api, token):
    u = uid()
    template = create(api, token, Name="T", Alias=f"t-{u}", Subject="S {{x}}",
                      TextBody="{{#each items}}{{.}}{{/each}}")
    base = {"From": "sender@example.test", "To": f"r-{u}@example.test", "TemplateModel": {"items": ["a"]}}

    def send(**fields):
        return api.request("POST", "/email/withTemplate", server=token, json_body={**base, **fields})

    assert_send_ok(send(TemplateId=template["TemplateId"], Subject=None, HtmlBody="", TextBody=None).json())
    assert_error(send(TemplateId=template["TemplateId"], Subject="x"), 422, 1123)
    assert_error(send(TemplateId=template["TemplateId"], HtmlBody="<b>x</b>"), 422, 1123)
    assert_error(send(), 422, 1101)
    assert_error(send(TemplateId=987654321), 422, 1101, "The 'TemplateId' associated with this request")
    assert_error(send(TemplateAlias="nope"), 422, 1101, "The Template's 'Alias'")
    assert_error(send(TemplateId=template["TemplateId"], TemplateModel=None), 422, 1120, "TemplateModel")
    assert_error(send(TemplateId=template["TemplateId"], TemplateModel=[1]), 422, 1122)
    # TemplateId wins over TemplateAlias.
    assert_send_ok(send(TemplateId=template["TemplateId"], TemplateAlias="nope").json())
    # A model the template cannot render with (#each over an object) is 1122 with the engine's message.
    body = assert_error(send(TemplateId=template["TemplateId"], TemplateModel={"items": {"a": 1}}), 422, 1122)
    assert "'items' is used like an array" in body["Message"]
    # The rest of the message is checked as on /email.
    assert_error(send(TemplateId=template["TemplateId"], To="not an address"), 422, 300)
    assert_error(send(TemplateId=template["TemplateId"], MessageStream="nope"), 422, 1235)
    # A Layout cannot be sent.
    layout = create(api, token, Name="L", TemplateType="Layout", TextBody="{{{ @content }}}")
    assert_error(send(TemplateId=layout["TemplateId"]), 422, 1123)
    # The test token accepts without storing.
    r = api.request("POST", "/email/withTemplate", server="POSTMARK_API_TEST",
                    json_body={**base, "TemplateId": 1})
    assert_send_ok(r.json(), test_job=True)


def test_batch_with_templates(api, token):
    u = uid()
    template = create(api, token, Name="T", Alias=f"b-{u}", Subject="Hi {{n}}", TextBody="Body {{n}}")
    message = {"From": "sender@example.test", "TemplateAlias": f"b-{u}", "Tag": f"batch-{u}"}
    items = [{**message, "To": f"r{i}-{u}@example.test", "TemplateModel": {"n": i}} for i in range(5)]
    items.insert(2, {**message, "To": f"bad-{u}@example.test"})  # no TemplateModel
    r = api.request("POST", "/email/batchWithTemplates/", server=token, json_body={"Messages": items})
    assert r.status_code == 200, r.text
    result = r.json()
    assert len(result) == 6
    assert result[2]["ErrorCode"] == 1120
    for item, sent in zip(items[:2] + items[3:], result[:2] + result[3:]):
        assert_send_ok(sent, to=item["To"])
    subjects = sorted(m["Subject"] for m in api.search(token, tag=f"batch-{u}")["Messages"])
    assert subjects == [f"Hi {i}" for i in range(5)]
    too_many = [{**message, "To": "x@example.test", "TemplateModel": {}}] * 501
    assert_error(api.request("POST", "/email/batchWithTemplates", server=token, json_body={"Messages": too_many}),
                 422, 410)
    assert_error(api.request("POST", "/email/batchWithTemplates", server=token, json_body={"Nope": []}), 422, 402)


def test_inline_css_on_send(api, token):
    u = uid()
    html = ("<html><head><style>.x { color: red } @media (max-width: 600px) { .x { color: blue } }</style></head>"
            "<body><p class=\"x\" style=\"margin: 0\">{{v}}</p></body></html>")
    template = create(api, token, Name="C", Subject="S", HtmlBody=html)
    base = {"TemplateId": template["TemplateId"], "TemplateModel": {"v": "V"}, "From": "s@example.test"}
    inlined = api.request("POST", "/email/withTemplate", server=token, json_body={**base, "To": f"a-{u}@example.test"})
    kept = api.request("POST", "/email/withTemplate", server=token,
                       json_body={**base, "To": f"b-{u}@example.test", "InlineCss": False})
    first = api.details(token, inlined.json()["MessageID"]).json()["HtmlBody"]
    second = api.details(token, kept.json()["MessageID"]).json()["HtmlBody"]
    assert first == ("<html><head><style>\n@media (max-width: 600px) { .x { color: blue } }\n</style></head>"
                     "<body><p class=\"x\" style=\"color: red; margin: 0\">V</p></body></html>")
    assert second == html.replace("{{v}}", "V")


# ---------------------------------------------------------------------------------------------
# Postmark's public templates and layouts


def test_public_templates_and_layouts(api, token):
    """Every layout and template of testdata/postmark-templates is created through the API, read back,
    validated (its SuggestedTemplateModel covers every variable it uses), and sent with a model built
    from its variables; every value of the model shows up in what is stored."""
    for name in LAYOUT_NAMES:
        body = stored(f"postmark-layouts/{name}")
        created = create(api, token, **body)
        assert created["TemplateType"] == "Layout" and created["Alias"] == name
        back = api.request("GET", f"/templates/{name}", server=token).json()
        assert (back["HtmlBody"], back["TextBody"], back["Subject"]) == (body["HtmlBody"], body["TextBody"], None)
        validation = api.request("POST", "/templates/validate", server=token, json_body={
            "HtmlBody": body["HtmlBody"], "TextBody": body["TextBody"], "TemplateType": "Layout"}).json()
        assert validation["AllContentIsValid"] is True, validation
        assert validation["SuggestedTemplateModel"] == SUGGESTED[f"postmark-layouts/{name}"]["suggested_model"]

    for name in TEMPLATE_NAMES:
        body = stored(f"postmark-templates/{name}")
        created = create(api, token, **body)
        assert created["LayoutTemplate"] == body["LayoutTemplate"] == "basic"
        back = api.request("GET", f"/templates/{created['TemplateId']}", server=token).json()
        assert (back["Subject"], back["HtmlBody"], back["TextBody"]) == (body["Subject"], body["HtmlBody"],
                                                                         body["TextBody"])
        expected = SUGGESTED[f"postmark-templates/{name}"]["suggested_model"]
        parts = {k: body[k] for k in ("Subject", "HtmlBody", "TextBody")}
        alone = api.request("POST", "/templates/validate", server=token, json_body=parts).json()
        assert alone["AllContentIsValid"] is True, (name, alone)
        assert alone["SuggestedTemplateModel"] == expected, name
        wrapped = api.request("POST", "/templates/validate", server=token,
                              json_body={**parts, "LayoutTemplate": "basic"}).json()
        assert wrapped["AllContentIsValid"] is True, (name, wrapped)
        suggested = wrapped["SuggestedTemplateModel"]
        assert covers(suggested, expected), (name, suggested)
        assert "preheader" in suggested
        assert "{{" not in wrapped["HtmlBody"]["RenderedContent"].replace("\\{{", "")

        model = dict(suggested, preheader=f"Preheader of {name}")
        u = uid()
        r = api.request("POST", "/email/withTemplate", server=token, json_body={
            "TemplateAlias": name, "TemplateModel": model, "From": "sender@example.test",
            "To": f"{name}-{u}@example.test"})
        message_id = assert_send_ok(r.json())
        details = api.details(token, message_id).json()
        rendered = details["Subject"] + details["HtmlBody"] + details["TextBody"]
        for value in leaves(model):
            assert value in rendered, (name, value)
        assert "{{" not in details["HtmlBody"] and "{{" not in details["Subject"]
        # The layout's CSS is inlined; what cannot be inlined stays in <style>.
        assert 'class="email-wrapper" width="100%" cellpadding="0" cellspacing="0" role="presentation" style="' \
            in details["HtmlBody"], name
        assert "@media only screen and (max-width: 600px)" in details["HtmlBody"]
        assert ".email-masthead_name {" not in details["HtmlBody"].split("@media")[0]

    listing = api.request("GET", "/templates", server=token, params={"count": 50, "offset": 0}).json()
    assert listing["TotalCount"] == len(LAYOUT_NAMES) + len(TEMPLATE_NAMES)
    using = api.request("GET", "/templates", server=token,
                        params={"count": 50, "offset": 0, "LayoutTemplate": "basic"}).json()
    assert using["TotalCount"] == len(TEMPLATE_NAMES)
    assert_error(api.request("DELETE", "/templates/basic", server=token), 422, 1130)


# ---------------------------------------------------------------------------------------------
# Push (account API)


def test_templates_push(api, postage, token):
    account = postage.account_token
    source_id = api.request("GET", "/server", server=token).json()["ID"]
    other = api.request("POST", "/servers", account=account, json_body={"Name": f"push-{uid()}"}).json()
    dest_token, dest_id = other["ApiTokens"][0], other["ID"]
    create(api, token, Name="Base", Alias="base", TemplateType="Layout", TextBody="[{{{ @content }}}]")
    create(api, token, Name="Welcome", Alias="welcome", Subject="Hi", TextBody="W", LayoutTemplate="base")
    create(api, token, Name="No alias", Subject="S", TextBody="T")
    create(api, dest_token, Name="Old welcome", Alias="welcome", Subject="Old", TextBody="Old")

    def push(perform, **override):
        body = {"SourceServerID": source_id, "DestinationServerID": dest_id, "PerformChanges": perform, **override}
        return api.request("PUT", "/templates/push", account=account, json_body=body)

    dry = push(False)
    assert dry.status_code == 200, dry.text
    assert dry.json()["TotalCount"] == 2
    assert [(t["Action"], t["Alias"], t["TemplateType"]) for t in dry.json()["Templates"]] == [
        ("Create", "base", "Layout"), ("Edit", "welcome", "Standard")]
    assert api.request("GET", "/templates/welcome", server=dest_token).json()["Subject"] == "Old"
    assert push(True).json()["TotalCount"] == 2
    pushed = api.request("GET", "/templates/welcome", server=dest_token).json()
    assert (pushed["Name"], pushed["Subject"], pushed["LayoutTemplate"]) == ("Welcome", "Hi", "base")
    assert push(True).json() == {"TotalCount": 0, "Templates": []}
    # Errors: server token (401), unknown servers (601), differing types (1125), nothing to push (1124).
    assert_error(api.request("PUT", "/templates/push", server=token, json_body={}), 401, 10)
    assert_error(push(False, SourceServerID=987654), 422, 601)
    assert_error(push(False, DestinationServerId=987654), 422, 601)
    create(api, dest_token, Name="Clash", Alias="clash", TemplateType="Layout", TextBody="{{{ @content }}}")
    create(api, token, Name="Clash", Alias="clash", Subject="S", TextBody="T")
    assert_error(push(False), 422, 1125)
    empty = api.request("POST", "/servers", account=account, json_body={"Name": f"empty-{uid()}"}).json()
    assert_error(push(False, SourceServerID=empty["ID"]), 422, 1124)
