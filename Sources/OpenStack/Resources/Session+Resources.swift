public import JSONValue
import Transport

/// Options every resource call takes.
public struct CallOptions: Sendable {
    public var microversion: String?
    /// The parent's id, for nested kinds (a server's volume attachments).
    public var parent: String?

    public init(microversion: String? = nil, parent: String? = nil) {
        self.microversion = microversion
        self.parent = parent
    }
}

extension Session {
    /// POST the body (wrapped in the kind's key) once and return the created resource. Only
    /// `create` calls it: that is the layer that decides whether a lost answer is sent again.
    func post(_ kind: ResourceKind, _ body: JSONObject, _ options: CallOptions) async throws(OpenStackError) -> JSON {
        let wrapped: JSON = kind.singular.map { [$0: .object(body)] } ?? .object(body)
        let request = request(kind, "POST", kind.collection(parent: options.parent), body: .json(wrapped), options)
        // Sent or not, a name of this kind may now name something new.
        defer { resolvedReferences.forget(kind) }
        return try unwrap(kind, try await send(request), request)
    }

    public func get(_ kind: ResourceKind, _ id: String, _ options: CallOptions = CallOptions()) async throws(OpenStackError) -> JSON {
        try Self.checkReference(id, kind)
        let request = request(kind, "GET", kind.item(id, parent: options.parent), options)
        return try unwrap(kind, try await send(request), request)
    }

    /// Every page of the list (or only the first `limit` items), with `filters` passed through.
    public func list(_ kind: ResourceKind, filters: [(String, String)] = [], limit: Int? = nil,
                     _ options: CallOptions = CallOptions()) async throws(OpenStackError) -> [JSON] {
        var query = filters
        if let limit { query.append(("limit", String(limit))) }
        var request = request(kind, "GET", kind.listPath ?? kind.collection(parent: options.parent), query: query, options)
        var items: [JSON] = []
        var seen = Set<String>()
        while true {
            let response = try await send(request)
            let page = try response.json(service: kind.service, method: "GET")
            guard let entries = page[kind.plural]?.arrayValue else {
                throw OpenStackError(.http, "the list response has no '\(kind.plural)'", service: kind.service.projectName,
                                     method: "GET", url: response.url, status: response.status, requestID: response.requestID)
            }
            for entry in entries {
                let item = kind.listItemKey.flatMap { entry[$0] } ?? entry
                items.append(item)
            }
            if let limit, items.count >= limit { return Array(items.prefix(limit)) }
            guard let next = try await nextPage(kind, page), !entries.isEmpty, seen.insert(next).inserted else { return items }
            request.path = next
            request.query = []
        }
    }

    /// The absolute URL of the next page, when the service gave one.
    private func nextPage(_ kind: ResourceKind, _ page: JSON) async throws(OpenStackError) -> String? {
        switch kind.paging {
        case .none:
            return nil
        case .links:
            let links = page["\(kind.plural)_links"]?.arrayValue ?? []
            return links.first { $0["rel"]?.stringValue == "next" }?["href"]?.stringValue
        case .glance:
            guard let next = page["next"]?.stringValue else { return nil }
            if next.hasPrefix("http") { return next }
            // Glance's next is relative to the service root: the endpoint without its version.
            var root = try await endpoint(kind.service).url
            if let slash = root.lastIndex(of: "/"), root[root.index(after: slash)...].hasPrefix("v") {
                root = String(root[..<slash])
            }
            return root + next
        }
    }

    /// PUT the changes (wrapped), or for Glance a JSON patch replacing/adding each property.
    public func update(_ kind: ResourceKind, _ id: String, _ changes: JSONObject,
                       _ options: CallOptions = CallOptions()) async throws(OpenStackError) -> JSON {
        let request: ServiceRequest
        switch kind.updateStyle {
        case .put:
            let wrapped: JSON = kind.singular.map { [$0: .object(changes)] } ?? .object(changes)
            request = self.request(kind, "PUT", kind.item(id, parent: options.parent), body: .json(wrapped), options)
        case .jsonPatch:
            let current = try await get(kind, id, options)
            let operations: [JSON] = changes.members.map { member in
                let op = current[member.key] == nil ? "add" : (member.value.isNull ? "remove" : "replace")
                var operation: JSONObject = ["op": JSON(op), "path": JSON("/" + member.key)]
                if op != "remove" { operation["value"] = member.value }
                return .object(operation)
            }
            let body = (try? JSON.array(operations).encoded()) ?? []
            request = ServiceRequest(kind.service, "PATCH", kind.item(id, parent: options.parent),
                                     body: .bytes(body, contentType: "application/openstack-images-v2.1-json-patch"))
        }
        defer { resolvedReferences.forget(kind) }
        let updated = try unwrap(kind, try await send(request), request)
        seams.changes.recordUpdate(kind: kind.name, id: id)
        return updated
    }

    /// DELETE; returns false when it was already gone and `ignoreMissing` is set. A 404 on a
    /// repeated DELETE means the first attempt did it, so it counts as deleted.
    @discardableResult
    public func delete(_ kind: ResourceKind, _ id: String, ignoreMissing: Bool = false,
                       _ options: CallOptions = CallOptions()) async throws(OpenStackError) -> Bool {
        let request = request(kind, "DELETE", kind.item(id, parent: options.parent), options)
        // A delete may take other resources with it (a server its ports and volumes, a network
        // its subnets): every name may now name something else.
        defer { resolvedReferences.forgetAll() }
        do {
            _ = try await send(request)
            recordDeleted(kind, id)
            return true
        } catch where error.status == 404 && error.attempts > 1 {
            recordDeleted(kind, id)
            return true
        } catch where error.status == 404 && ignoreMissing {
            return false
        }
    }

    /// A request for one of `kind`'s calls: the caller's microversion, else the session's
    /// default capped by the kind (the cap is applied once the endpoint is discovered).
    func request(_ kind: ResourceKind, _ method: String, _ path: String, query: [(String, String)] = [],
                 body: ServiceRequest.Body = .none, _ options: CallOptions) -> ServiceRequest {
        var request = ServiceRequest(kind.service, method, path, query: query, body: body, microversion: options.microversion)
        request.microversionCap = kind.maximumMicroversion
        return request
    }

    /// The resource in an answer that wraps it (`{"server": {...}}`); an answer without it is
    /// an error that says which request got it and with what status.
    private func unwrap(_ kind: ResourceKind, _ response: ServiceResponse, _ request: ServiceRequest) throws(OpenStackError) -> JSON {
        let document = try response.json(service: request.service, method: request.method)
        guard let key = kind.singular else { return document }
        guard let inner = document[key] else {
            throw OpenStackError(.http, "the response has no '\(key)' object", service: kind.service.projectName,
                                 method: request.method, url: response.url, status: response.status, requestID: response.requestID)
        }
        return inner
    }
}
