/// One message as described by ``OracleScript`` (and by ``OracleDescriber`` for MIMEParser).
struct OracleMessage: Decodable, Equatable {
    var file: String
    var crash: String?
    var subject: String?
    var from: [[String]]?
    var to: [[String]]?
    var cc: [[String]]?
    var date: Double?
    var tree: OracleNode?
    var text: String?
    var textError: String?
    var html: String?
    var htmlError: String?
    var attachments: [OracleAttachment]?
}

struct OracleNode: Decodable, Equatable {
    var type: String
    var filename: String?
    var disposition: String?
    var defects: [String]
    var boundary: String?
    var children: [OracleNode]?
    /// The embedded message of message/rfc822 (a list of one, for indirection).
    var message: [OracleNode]?
    /// Field names per block of message/delivery-status.
    var blocks: [[String]]?
    /// Field names of the first block of other message/* types.
    var fields: [String]?
    var size: Int?
    var sha256: String?
    var textSha256: String?
}

struct OracleAttachment: Decodable, Equatable {
    var name: String?
    var contentType: String
    var contentID: String?
    var disposition: String?
    var sha256: String?
    var size: Int?
}
