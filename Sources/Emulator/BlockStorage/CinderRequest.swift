/// What every Cinder handler needs from a request: the caller, the project in the URL (which
/// must be the token's, as Cinder checks), and a view at the negotiated microversion.
struct CinderRequest {
    let request: EmulatorRequest
    let auth: AuthContext
    let projectID: String
    let version: APIVersion

    init(_ request: EmulatorRequest) throws(ServiceError) {
        self.request = request
        auth = try request.requireAuth
        projectID = request.parameter("project_id")
        version = request.microversion ?? BlockStorageService.microversions.minimum
        guard projectID == auth.projectID else { throw ServiceError.badRequest("Malformed request url") }
    }

    var view: VolumeView {
        VolumeView(baseURL: request.baseURL, projectID: projectID, version: version, isAdmin: auth.isAdmin)
    }

    var collectionURL: String { "\(request.baseURL)/volume/v3/\(projectID)" }

    /// The body's object under `key`, or the 400 Cinder's schema validation answers.
    func bodyObject(_ key: String) throws(ServiceError) -> EmulatorJSONObject {
        let body = try request.json()
        guard let object = body.objectValue else {
            throw ServiceError.badRequest("Invalid input for field/attribute body. Value: \(PythonRepr.repr(body)). \(PythonRepr.repr(body)) is not of type 'object'")
        }
        guard let value = object[key] else { throw ServiceError.badRequest("'\(key)' is a required property") }
        guard let inner = value.objectValue else {
            throw ServiceError.badRequest(
                "Invalid input for field/attribute \(key). Value: \(PythonRepr.repr(value)). \(PythonRepr.repr(value)) is not of type 'object'")
        }
        return inner
    }

    /// `limit` and `marker`, with Cinder's 400s for a bad limit.
    func pagination() throws(ServiceError) -> (limit: Int?, marker: String?) {
        let limit: Int?
        do {
            limit = try Pagination.parseLimit(request.query.first("limit"))
        } catch {
            if let text = request.query.first("limit"), Int(text) != nil {
                throw ServiceError.badRequest("limit param must be positive")
            }
            throw ServiceError.badRequest("limit param must be an integer")
        }
        return (limit, request.query.first("marker"))
    }
}

extension CinderRequest {
    /// For routes with `.noRequestID` whose success is a bare webob response (a delete's 202):
    /// that carries only `X-Openstack-Request-Id`, while errors still carry both ids.
    static func bareAnswer(_ request: EmulatorRequest, _ body: () throws -> EmulatorResponse) throws -> EmulatorResponse {
        do {
            var response = try body()
            response.addHeader("X-Openstack-Request-Id", request.requestID)
            return response
        } catch var error as ServiceError {
            error.headers += [("X-Compute-Request-Id", request.requestID), ("X-Openstack-Request-Id", request.requestID)]
            throw error
        }
    }
}

/// How Cinder's messages print values: Python's repr, as its schema errors show them.
enum CinderText {

    /// A metadata object: string keys to string values, as Cinder's schema requires.
    static func metadata(_ value: EmulatorJSON?, field: String = "metadata") throws(ServiceError) -> EmulatorJSONObject {
        guard let value, !value.isNull else { return [:] }
        guard let object = value.objectValue else {
            throw ServiceError.badRequest(
                "Invalid input for field/attribute \(field). Value: \(PythonRepr.repr(value)). \(PythonRepr.repr(value)) is not of type 'object'")
        }
        for (key, item) in object where item.stringValue == nil {
            throw ServiceError.badRequest(
                "Invalid input for field/attribute \(key). Value: \(PythonRepr.repr(item)). \(PythonRepr.repr(item)) is not of type 'string'")
        }
        return object
    }

    /// An optional string member (name, description).
    static func optionalString(_ object: EmulatorJSONObject, _ key: String) throws(ServiceError) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let text = value.stringValue else {
            throw ServiceError.badRequest(
                "Invalid input for field/attribute \(key). Value: \(PythonRepr.repr(value)). \(PythonRepr.repr(value)) is not of type 'string', 'null'")
        }
        guard text.count <= 255 else {
            throw ServiceError.badRequest("Invalid input for field/attribute \(key). Value: \(text). '\(text)' is too long")
        }
        return text
    }

    /// A size: an integer or a string of digits, at least 1.
    static func size(_ value: EmulatorJSON?, field: String = "size") throws(ServiceError) -> Int? {
        guard let value, !value.isNull else { return nil }
        let number: Int?
        switch value {
        case .int(let int): number = int
        case .string(let text): number = Int(text)
        default: number = nil
        }
        guard let number else {
            throw ServiceError.badRequest(
                "Invalid input for field/attribute \(field). Value: \(PythonRepr.repr(value)). \(PythonRepr.repr(value)) is not of type 'integer', 'string', 'null'")
        }
        guard number >= 1 else {
            throw ServiceError.badRequest(
                "Invalid input for field/attribute \(field). Value: \(PythonRepr.repr(value)). \(PythonRepr.repr(value)) is less than the minimum of 1")
        }
        return number
    }
}
