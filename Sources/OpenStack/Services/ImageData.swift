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

    /// Deletes an image whose upload failed: a queued image without data is of no use to anyone.
    /// It runs as a task of its own with its own time limit, so that an upload which ran out of
    /// time, or was cancelled, still cleans up; a failure to delete is logged, not raised (the
    /// upload's own error is the one to report).
    public func discardFailedUpload(_ id: String) async {
        let cleanup = Task { @LoopActor in
            try await CallDeadline.fresh(30) { () async throws(OpenStackError) in try await self.delete(Kinds.image, id, ignoreMissing: true) }
        }
        do {
            _ = try await cleanup.value
        } catch {
            logger.warning("could not delete image \(id) after its upload failed: \(error)")
        }
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
