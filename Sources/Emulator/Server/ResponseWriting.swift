import HTTPTypes
import Hummingbird
import NIOCore

/// Turns a `ServiceResponse` into Hummingbird's, keeping header spelling and reason phrase.
enum ResponseWriting {
    static func response(_ response: EmulatorResponse, layout: JSONLayout, head: Bool) -> Response {
        var fields = HTTPFields()
        var buffer: ByteBuffer?
        switch response.body {
        case .empty:
            buffer = nil
        case .json(let value):
            buffer = ByteBuffer(string: value.serialized(layout))
            if response.header("Content-Type") == nil { fields.append(HTTPField(name: .contentType, value: "application/json")) }
        case .text(let text):
            buffer = ByteBuffer(string: text)
        case .bytes(let bytes):
            buffer = bytes
        case .stream(let body):
            return streamed(response, body: body, head: head)
        }
        for header in response.headers {
            guard let name = HTTPField.Name(header.name) else { continue }
            fields.append(HTTPField(name: name, value: header.value))
        }
        // SwiftNIO writes its own reason phrase for every status it knows, so Keystone's upper-case
        // ones ("201 CREATED") cannot be reproduced; clients must not read reason phrases anyway.
        let status = HTTPResponse.Status(code: response.status, reasonPhrase: StatusText.phrase(response.status))
        guard let buffer else {
            return Response(status: status, headers: fields)
        }
        if head {
            fields[.contentLength] = String(buffer.readableBytes)
            return Response(status: status, headers: fields)
        }
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: buffer))
    }

    private static func streamed(_ response: EmulatorResponse, body: ResponseBody, head: Bool) -> Response {
        var fields = HTTPFields()
        for header in response.headers {
            guard let name = HTTPField.Name(header.name) else { continue }
            fields.append(HTTPField(name: name, value: header.value))
        }
        if let length = body.contentLength, fields[.contentLength] == nil { fields[.contentLength] = String(length) }
        let status = HTTPResponse.Status(code: response.status, reasonPhrase: StatusText.phrase(response.status))
        return Response(status: status, headers: fields, body: head ? ResponseBody() : body)
    }
}
