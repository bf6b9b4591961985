import Testing

@testable import PostmarkWire

@Suite struct EmailRequestTests {
    func parse(_ json: String) throws -> EmailRequest {
        try EmailRequest.read(try JSONValue.parse(Array(json.utf8)))
    }

    @Test func readsKeysCaseInsensitively() throws {
        let request = try parse(#"{"from":"a@x.test","TO":"b@x.test","subject":"Hi","textbody":"t"}"#)
        #expect(request.from == "a@x.test")
        #expect(request.to == "b@x.test")
        #expect(request.subject == "Hi")
        #expect(request.textBody == "t")
    }

    @Test func nullAndEmptyMeanAbsent() throws {
        // postmarker sends explicit nulls; postmark-python sends empty arrays and objects.
        let request = try parse(
            #"{"From":"a@x.test","To":"b@x.test","Cc":null,"Bcc":"","Headers":[],"Attachments":[],"Metadata":{},"MessageStream":null,"TrackOpens":null}"#
        )
        #expect(request.cc == nil)
        #expect(request.bcc == nil)
        #expect(request.headers.isEmpty)
        #expect(request.attachments.isEmpty)
        #expect(request.metadata.isEmpty)
        #expect(request.messageStream == nil)
        #expect(request.trackOpens == nil)
    }

    @Test func headersAsArrayOrObject() throws {
        let array = try parse(#"{"Headers":[{"Name":"X-A","Value":"1"},{"Name":"X-B","Value":"2"}]}"#)
        #expect(array.headers == [.init(name: "X-A", value: "1"), .init(name: "X-B", value: "2")])
        let object = try parse(#"{"Headers":{"X-B":"2","X-A":"1"}}"#)
        #expect(object.headers == [.init(name: "X-B", value: "2"), .init(name: "X-A", value: "1")])
    }

    @Test func attachmentsAndMetadata() throws {
        let request = try parse(
            #"{"Attachments":[{"Name":"a.png","Content":"AAE=","ContentType":"image/png","ContentID":"cid:logo"}],"Metadata":{"b":"2","a":"1"}}"#
        )
        #expect(request.attachments == [.init(name: "a.png", content: "AAE=", contentType: "image/png", contentID: "cid:logo")])
        #expect(request.metadata.map(\.key) == ["b", "a"])
        #expect(request.metadata.map(\.value) == ["2", "1"])
    }

    @Test func laterDuplicateKeysWin() throws {
        let request = try parse(#"{"From":"a@x.test","from":"b@x.test","Metadata":{"k":"1","k":"2"}}"#)
        #expect(request.from == "b@x.test")
        #expect(request.metadata.map(\.value) == ["2"])
    }

    @Test func metadataValuesMustBeStrings() {
        #expect { try parse(#"{"Metadata":{"a":5}}"#) } throws: { ($0 as? PostmarkError)?.errorCode == 300 }
    }

    @Test func malformedJSONIs402() {
        #expect(throws: PostmarkError.invalidJSON) { try JSONValue.parse(Array(#"{"From": "#.utf8)) }
        #expect(throws: PostmarkError.invalidJSON) { try JSONValue.parse([]) }
    }

    @Test func wrongTypesAre402() {
        #expect { try parse(#"{"To": ["a@x.test"]}"#) } throws: { ($0 as? PostmarkError)?.errorCode == 402 }
        #expect { try parse(#"{"Headers": "X-A: 1"}"#) } throws: { ($0 as? PostmarkError)?.errorCode == 402 }
        #expect { try parse(#"[1,2]"#) } throws: { ($0 as? PostmarkError)?.errorCode == 402 }
    }
}
