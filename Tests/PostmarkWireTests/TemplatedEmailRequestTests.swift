import Foundation
import Testing

@testable import PostmarkWire

@Suite struct TemplatedEmailRequestTests {
    func parse(_ json: String) throws(PostmarkError) -> TemplatedEmailRequest {
        try TemplatedEmailRequest.read(try JSONValue.parse(Array(json.utf8)))
    }

    func code(_ json: String) -> Int? {
        do {
            _ = try parse(json)
            return nil
        } catch {
            return error.errorCode
        }
    }

    @Test func readsWhatPostmarkerSends() throws {
        // Recorded from postmarker 1.0 (testdata/wire/sdk-wire-probe.txt): explicit nulls, Subject included.
        let request = try parse(
            #"{"TemplateId": 1, "TemplateAlias": null, "TemplateModel": {"name": "x"}, "From": "s@example.com", "To": "a@example.com", "Cc": null, "Bcc": null, "Subject": null, "Tag": null, "ReplyTo": null, "Headers": [], "TrackOpens": null, "TrackLinks": "None", "Attachments": [], "InlineCss": true, "Metadata": null, "MessageStream": null}"#
        )
        #expect(request.template == .id(1))
        #expect(request.model.members.map(\.key) == ["name"])
        #expect(request.inlineCss)
        #expect(request.email.from == "s@example.com")
        #expect(request.email.to == "a@example.com")
        #expect(request.email.trackLinks == "None")
        #expect(request.email.subject == nil)
    }

    @Test func aliasEmptyModelAndInlineCssDefault() throws {
        let request = try parse(#"{"TemplateId": null, "templatealias": "welcome", "TemplateModel": {}, "From": "s@x.test"}"#)
        #expect(request.template == .alias("welcome"))
        #expect(request.model.members.isEmpty)
        #expect(request.inlineCss)
        let off = try parse(#"{"TemplateAlias": "w", "TemplateModel": {}, "InlineCss": false}"#)
        #expect(off.inlineCss == false)
    }

    @Test func templateIdWinsOverAlias() throws {
        #expect(try parse(#"{"TemplateId": 7, "TemplateAlias": "w", "TemplateModel": {}}"#).template == .id(7))
        #expect(try parse(#"{"TemplateId": "42", "TemplateModel": {}}"#).template == .id(42))
        #expect(try parse(#"{"TemplateId": "", "TemplateAlias": "w", "TemplateModel": {}}"#).template == .alias("w"))
    }

    @Test func errorCodes() {
        // Subject/HtmlBody/TextBody come from the template (1123); null and "" are "not sent".
        #expect(code(#"{"TemplateId": 1, "TemplateModel": {}, "Subject": "x"}"#) == 1123)
        #expect(code(#"{"TemplateId": 1, "TemplateModel": {}, "HtmlBody": "<b>x</b>"}"#) == 1123)
        #expect(code(#"{"TemplateId": 1, "TemplateModel": {}, "TextBody": "x"}"#) == 1123)
        #expect(code(#"{"TemplateId": 1, "TemplateModel": {}, "Subject": "", "HtmlBody": null}"#) == nil)
        // No reference (1101), no model (1120), a model that is not an object (1122).
        #expect(code(#"{"TemplateModel": {}}"#) == 1101)
        #expect(code(#"{"TemplateId": null, "TemplateAlias": null, "TemplateModel": {}}"#) == 1101)
        #expect(code(#"{"TemplateId": 1}"#) == 1120)
        #expect(code(#"{"TemplateId": 1, "TemplateModel": null}"#) == 1120)
        #expect(code(#"{"TemplateId": 1, "TemplateModel": [1]}"#) == 1122)
        #expect(code(#"{"TemplateId": 1, "TemplateModel": "x"}"#) == 1122)
        // Wrong JSON types (402), as on /email.
        #expect(code(#"{"TemplateId": true, "TemplateModel": {}}"#) == 402)
        #expect(code(#"{"TemplateId": "abc", "TemplateModel": {}}"#) == 402)
        #expect(code(#"{"TemplateAlias": 5, "TemplateModel": {}}"#) == 402)
        #expect(code(#"{"TemplateId": 1, "TemplateModel": {}, "InlineCss": 3}"#) == 402)
        #expect(code(#"[1]"#) == 402)
    }

    @Test func responsesWriteNullsAndPostmarkCasing() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let detail = TemplateDetailResponse(
            templateID: 5, name: "N", subject: nil, htmlBody: "<b/>", textBody: nil, associatedServerID: 2,
            active: true, alias: nil, templateType: "Standard", layoutTemplate: nil)
        #expect(
            String(decoding: try encoder.encode(detail), as: UTF8.self)
                == #"{"Active":true,"Alias":null,"AssociatedServerId":2,"HtmlBody":"<b\/>","LayoutTemplate":null,"Name":"N","Subject":null,"TemplateId":5,"TemplateType":"Standard","TextBody":null}"#
        )
        let validation = TemplateValidationResponse(
            allContentIsValid: false, htmlBody: nil,
            textBody: .init(
                contentIsValid: false,
                validationErrors: [.init(message: "m", line: nil, characterPosition: nil)], renderedContent: nil),
            subject: nil,
            suggestedTemplateModel: try JSONValue.parse(Array(#"{"b":1,"a":[true,null,"x",1.5]}"#.utf8)))
        #expect(
            String(decoding: try encoder.encode(validation), as: UTF8.self)
                == #"{"AllContentIsValid":false,"HtmlBody":null,"Subject":null,"SuggestedTemplateModel":{"a":[true,null,"x",1.5],"b":1},"TextBody":{"ContentIsValid":false,"RenderedContent":null,"ValidationErrors":[{"CharacterPosition":null,"Line":null,"Message":"m"}]}}"#
        )
    }
}
