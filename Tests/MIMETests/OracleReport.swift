/// What the Python script prints for one message.
struct OracleReport: Decodable {
    struct Part: Decodable, Equatable {
        var filename: String?
        var nameParameter: String?
        var contentType: String
        var contentID: String?
        var disposition: String?
        var sha256: String
        var size: Int
    }

    struct HeaderDefect: Decodable, Equatable {
        var header: String
        var type: String
        var message: String
    }

    var file: String
    var from: [[String]]?
    var to: [[String]]?
    var cc: [[String]]?
    var replyTo: [[String]]?
    var subject: String?
    var messageID: String?
    var date: String?
    var mimeVersion: String?
    var hasBcc: Bool
    var extraHeaders: [[String]]
    var text: String?
    var html: String?
    var attachments: [Part]
    var structure: String
    var defects: [String]
    var headerDefects: [HeaderDefect]
}
