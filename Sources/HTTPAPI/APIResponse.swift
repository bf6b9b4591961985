import HTTPTypes
import Foundation
import Hummingbird
import NIOCore
import PostmarkWire

/// JSON responses in Postmark's shape. Every success is HTTP 200 (reference 1: SDKs treat 201/204
/// as failures).
enum APIResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws
        -> Response
    {
        let data = try encoder.encode(value)
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `{"ErrorCode": n, "Message": "..."}` with its HTTP status and the `X-PM-ApiErrorCode` echo.
    static func error(_ error: PostmarkError) -> Response {
        var fields = HTTPFields()
        fields[HTTPField.Name("X-PM-ApiErrorCode")!] = String(error.errorCode)
        let status = HTTPResponse.Status(code: error.httpStatus)
        return (try? json(ErrorBody(error), status: status, headers: fields))
            ?? Response(status: .internalServerError)
    }

    static func text(_ text: String, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = contentType
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
