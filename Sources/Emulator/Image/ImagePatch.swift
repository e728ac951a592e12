import Foundation

/// `PATCH /image/v2/images/{id}` with `application/openstack-images-v2.1-json-patch`: add,
/// replace and remove on top-level properties (RFC 6902 as Glance restricts it).
enum ImagePatch {
    static let mediaType = "application/openstack-images-v2.1-json-patch"

    static func apply(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let auth = try request.requireAuth
        let id = request.parameter("image_id")
        let contentType = request.header("Content-Type")?.split(separator: ";").first.map { String($0).trimmingSpaces } ?? ""
        guard contentType == mediaType || contentType == "application/openstack-images-v2.0-json-patch" else {
            throw GlanceDetailedError(
                status: 415, explanation: "The request media type \(contentType) is not supported by this server.\n", residue: "<br /><br />\n",
                headers: [("Accept-Patch", "application/openstack-images-v2.0-json-patch, application/openstack-images-v2.1-json-patch")])
        }
        let body = try request.json()
        guard let operations = body.arrayValue else { throw ServiceError.badRequest("Request body must be a JSON array of operation objects.") }
        var changes: [(op: String, key: String, value: EmulatorJSON?)] = []
        for operation in operations {
            guard let object = operation.objectValue else { throw ServiceError.badRequest("Operations must be JSON objects.") }
            guard let op = object["op"]?.stringValue else {
                throw ServiceError.badRequest("Unable to find `op` in JSON Schema change. It must be one of the following: add, remove, replace.")
            }
            guard ["add", "remove", "replace"].contains(op) else {
                throw ServiceError.badRequest("Invalid operation: `\(op)`. It must be one of the following: add, remove, replace.")
            }
            guard let path = object["path"]?.stringValue else { throw ServiceError.badRequest("Unable to find 'path' in JSON Schema change") }
            let key = try pointer(path)
            if op != "remove" && object["value"] == nil {
                throw ServiceError.badRequest("Operation \"\(op)\" requires a member named \"value\".")
            }
            try ImageProperties.checkWritable(key)
            changes.append((op, key, object["value"]))
        }
        let result = try request.cloud.withState { cloud -> EmulatorJSON in
            var image = try cloud.image.visibleImage(id, auth: auth)
            guard auth.isAdmin || image.owner == auth.projectID else {
                throw ServiceError.forbidden("You are not authorized to complete modify_image action.")
            }
            for change in changes {
                let isCore = ImageAttributes.core.contains(change.key)
                let exists = isCore || image.properties[change.key] != nil
                switch change.op {
                case "replace":
                    guard exists else { throw GlanceDetailedError.conflict("Property \(change.key) does not exist.") }
                    try ImageProperties.set(change.key, change.value ?? .null, on: &image, auth: auth)
                case "add":
                    try ImageProperties.set(change.key, change.value ?? .null, on: &image, auth: auth)
                default:
                    guard !isCore else { throw ServiceError.forbidden("Property \(change.key) may not be removed.") }
                    guard exists else { throw GlanceDetailedError.conflict("Property \(change.key) does not exist.") }
                    image.properties[change.key] = nil
                }
            }
            image.updatedAt = cloud.now
            cloud.image.images[id] = image
            return ImageView.render(image)
        }
        return .json(result)
    }

    /// The property a JSON pointer names; Glance takes top-level members only (and `/tags`).
    static func pointer(_ path: String) throws(ServiceError) -> String {
        guard path.hasPrefix("/") else { throw ServiceError.badRequest("Pointer `\(path)` does not start with \"/\".") }
        guard !path.contains("//") else { throw ServiceError.badRequest("Pointer `\(path)` contains adjacent \"/\".") }
        guard path.count == 1 || !path.hasSuffix("/") else { throw ServiceError.badRequest("Pointer `\(path)` end with \"/\".") }
        let tokens = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        guard tokens.count == 1, let first = tokens.first, !first.isEmpty else {
            throw ServiceError.badRequest("Invalid JSON pointer for this resource: '\(path)'")
        }
        return first.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
    }
}

/// A Glance error whose page carries a detail after webob's explanation (`...request.<br /><br />
/// \nProperty x does not exist.\n\n`), which `ServiceError` cannot spell. Routes that throw it wrap
/// their handler in `answering`.
struct GlanceDetailedError: Error {
    let status: Int
    let explanation: String
    let residue: String
    var headers: [(name: String, value: String)] = []

    static func conflict(_ detail: String) -> GlanceDetailedError {
        GlanceDetailedError(
            status: 409, explanation: "There was a conflict when trying to complete your request.",
            residue: "<br /><br />\n" + detail + "\n\n")
    }

    static func answering(_ request: EmulatorRequest, _ body: () throws -> EmulatorResponse) throws -> EmulatorResponse {
        do {
            return try body()
        } catch let error as GlanceDetailedError {
            var response = ErrorRenderer.webob(
                status: error.status, message: error.explanation, residue: error.residue, acceptsJSON: request.acceptsJSON)
            for header in error.headers { response.addHeader(header.name, header.value) }
            return response
        }
    }
}
