import Foundation
import Glibc
import Hummingbird
import NIOCore

/// `PUT /image/v2/images/{id}/file` and `GET .../file`. Both stream: an upload goes chunk by
/// chunk into a file under the state's temporary directory, hashed on the way (MD5 and
/// SHA-512), and a download is read back in chunks, so memory stays flat whatever the size.
enum ImageDataRoutes {
    static let path = ImageRoutes.member + "/file"
    static let chunkSize = 256 * 1024

    static var routes: [Route] {
        [
            Route(.put, path, .streamsBody) { request in try await upload(request) },
            Route(.get, path) { request in try download(request) },
        ]
    }

    static func upload(_ request: EmulatorRequest) async throws -> EmulatorResponse {
        let auth = try request.requireAuth
        let id = request.parameter("image_id")
        let contentType = request.header("Content-Type")?.split(separator: ";").first.map { String($0).trimmingSpaces }
        guard contentType == nil || contentType == "application/octet-stream" else {
            throw ServiceError(status: 415, message: "The server could not comply with the request since it is either malformed or otherwise incorrect.")
        }
        let target = try request.cloud.withState { cloud -> String in
            var image = try cloud.image.visibleImage(id, auth: auth)
            guard auth.isAdmin || image.owner == auth.projectID else {
                throw ServiceError.forbidden("You are not authorized to complete upload_image action.")
            }
            guard image.status == "queued" else {
                throw ServiceError.conflict("Image status transition from \(image.status) to saving is not allowed")
            }
            let target: String
            do {
                target = try cloud.image.newDataPath(for: id)
            } catch {
                throw ServiceError(status: 500, message: "Error in store configuration. Adding images to store is disabled.")
            }
            image.status = "saving"
            image.updatedAt = cloud.now
            cloud.image.images[id] = image
            return target
        }
        let written: (size: Int, md5: String, sha512: String)
        do {
            written = try await receive(request.bodyStream, into: target)
        } catch {
            unlink(target)
            _ = try? request.cloud.withState { cloud in
                if var image = cloud.image.images[id], image.status == "saving" {
                    image.status = "queued"
                    image.updatedAt = cloud.now
                    cloud.image.images[id] = image
                }
            }
            if let error = error as? ServiceError { throw error }
            throw ServiceError.badRequest("Error in upload: the request body ended before it was complete.")
        }
        try request.cloud.withState { cloud in
            guard var image = cloud.image.images[id], image.status == "saving" else {
                unlink(target)
                throw ServiceError(status: 410, message: "Image \(id) could not be found after upload. The image may have been deleted during the upload.")
            }
            image.status = "active"
            image.size = written.size
            image.virtualSize = written.size
            image.checksum = written.md5
            image.hashAlgorithm = "sha512"
            image.hashValue = written.sha512
            image.data = .file(path: target)
            image.updatedAt = cloud.now
            cloud.image.images[id] = image
        }
        return .empty(status: 204, headers: [("Content-Type", "text/html; charset=UTF-8")])
    }

    /// Writes the body to `path` as it arrives; returns its size and digests.
    static func receive(_ body: RequestBody?, into path: String) async throws -> (size: Int, md5: String, sha512: String) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw ServiceError(status: 500, message: "Unable to store image data: errno \(errno)") }
        defer { close(descriptor) }
        var digests = ImageDigests()
        var size = 0
        if let body {
            for try await buffer in body {
                try buffer.withUnsafeReadableBytes { bytes in
                    digests.update(bytes)
                    var offset = 0
                    while offset < bytes.count {
                        let count = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                        if count < 0 && errno == EINTR { continue }
                        guard count > 0 else { throw ServiceError(status: 500, message: "Unable to store image data: errno \(errno)") }
                        offset += count
                    }
                }
                size += buffer.readableBytes
            }
        }
        let (md5, sha512) = digests.finish()
        return (size, md5, sha512)
    }

    static func download(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let auth = try request.requireAuth
        let id = request.parameter("image_id")
        // The descriptor is opened under the lock, so a delete right after cannot pull the file away.
        let source = try request.cloud.withState { cloud -> (ImageData?, Int, String?, Int32) in
            let image = try cloud.image.visibleImage(id, auth: auth)
            if image.status == "deactivated" && !auth.isAdmin {
                throw ServiceError.forbidden("The requested image has been deactivated. Image data download is forbidden.")
            }
            var descriptor: Int32 = -1
            if case .file(let path) = image.data {
                descriptor = open(path, O_RDONLY | O_CLOEXEC)
                guard descriptor >= 0 else { throw ServiceError(status: 500, message: "Unable to read image data: errno \(errno)") }
            }
            return (image.data, image.size ?? 0, image.checksum, descriptor)
        }
        let (data, size, checksum, descriptor) = source
        guard let data else {
            return .empty(status: 204, headers: [("Content-Type", "text/html; charset=UTF-8"), ("Content-Length", "0")])
        }
        var headers: [(name: String, value: String)] = [("Content-Type", "application/octet-stream")]
        if let checksum { headers.append(("Content-Md5", checksum)) }
        let body: ResponseBody
        switch data {
        case .pattern(let total):
            body = ResponseBody(contentLength: total) { writer in
                var offset = 0
                while offset < total {
                    let chunk = ImagePattern.bytes(offset: offset, count: min(chunkSize, total - offset))
                    try await writer.write(ByteBuffer(bytes: chunk))
                    offset += chunk.count
                }
                try await writer.finish(nil)
            }
        case .file:
            let file = OpenFile(descriptor)
            body = ResponseBody(contentLength: size) { writer in
                let descriptor = file.descriptor
                var buffer = [UInt8](repeating: 0, count: chunkSize)
                while true {
                    let count = read(descriptor, &buffer, chunkSize)
                    if count < 0 && errno == EINTR { continue }
                    guard count > 0 else { break }
                    try await writer.write(ByteBuffer(bytes: buffer[0..<count]))
                }
                try await writer.finish(nil)
            }
        }
        return EmulatorResponse(status: 200, headers: headers, body: .stream(body))
    }
}

/// An open descriptor that closes when the last closure holding it goes, whether or not the
/// response body was ever written (a client that hung up first).
final class OpenFile: Sendable {
    let descriptor: Int32

    init(_ descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }
}
