import JSONValue
import Transport

extension Session {
    /// Streams a file (or bytes) into a queued image: PUT /v2/images/{id}/file.
    public func uploadImageData(_ id: String, file path: String) async throws(OpenStackError) {
        _ = try await send(ServiceRequest(.image, "PUT", Kinds.image.item(id, parent: nil) + "/file",
                                          body: .file(path: path, contentType: "application/octet-stream"), timeout: nil))
    }

    public func uploadImageData(_ id: String, bytes: [UInt8]) async throws(OpenStackError) {
        _ = try await send(ServiceRequest(.image, "PUT", Kinds.image.item(id, parent: nil) + "/file",
                                          body: .bytes(bytes, contentType: "application/octet-stream"), timeout: nil))
    }

    /// Streams an image's data into a file (GET /v2/images/{id}/file); returns the byte count.
    /// The file appears only when the whole download succeeded.
    public func downloadImageData(_ id: String, to path: String) async throws(OpenStackError) -> Int64 {
        let response = try await send(ServiceRequest(.image, "GET", Kinds.image.item(id, parent: nil) + "/file",
                                                     output: .file(path: path), timeout: nil))
        if response.status == 204 {
            throw OpenStackError(.http, "image \(id) has no data", service: "glance", method: "GET", url: response.url, status: 204)
        }
        return response.bodySize
    }
}
