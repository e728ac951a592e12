/// Neutron's list behaviour, on rendered resources: filters on any attribute (repeated values
/// mean "any of"), tag filters, `sort_key`/`sort_dir`, limit/marker/page_reverse with
/// `<collection>_links`, and `fields=`.
enum NeutronListing {
    static let reserved: Set<String> = FieldFilter.reserved.union(NeutronTags.filterNames)

    /// The list response. `objects` are what the caller may see; `attributes` every filterable
    /// name; `special` handles filters a plain comparison cannot (a port's `fixed_ips`).
    static func respond(
        _ request: EmulatorRequest, collection: String, objects: [EmulatorJSONObject], attributes: Set<String>, layout: JSONLayout,
        special: [String: ([String], EmulatorJSONObject) -> Bool] = [:]
    ) throws(ServiceError) -> EmulatorResponse {
        let query = request.query
        let filters = FieldFilter.filters(query, reserved: reserved.union(special.keys))
        var kept: [EmulatorJSONObject]
        do {
            kept = try FieldFilter.apply(filters, to: objects, attributes: attributes)
        } catch {
            throw FieldFilter.neutronError(error)
        }
        for (name, test) in special where query.contains(name) {
            let values = query.all(name)
            kept = kept.filter { test(values, $0) }
        }
        if NeutronTags.filterNames.contains(where: query.contains) {
            kept = kept.filter { NeutronTags.matches(($0["tags"]?.arrayValue ?? []).compactMap(\.stringValue), query: query) }
        }
        try sort(&kept, query: query, attributes: attributes)
        var links: [EmulatorJSON] = []
        var limit = try limit(query)
        // pagination_max_limit: with a page size configured, a list without a limit is paged too.
        if let maximum = request.cloud.pageSize { limit = min(limit ?? maximum, maximum) }
        if let limit, limit > 0 {
            let reverse = query.first("page_reverse").flatMap(FieldFilter.parseBool) ?? false
            kept = page(kept, limit: limit, marker: query.first("marker"), reverse: reverse)
            links = self.links(kept, limit: limit, reverse: reverse, url: request.baseURL + request.path, query: query)
        }
        let fields = query.all("fields")
        var body: EmulatorJSONObject = [collection: .array(kept.map { .object(FieldFilter.select($0, fields: fields)) })]
        if !links.isEmpty { body[collection + "_links"] = .array(links) }
        return NeutronResponse.json(.object(body), layout: layout)
    }

    static func limit(_ query: QueryItems) throws(ServiceError) -> Int? {
        do {
            return try Pagination.parseLimit(query.first("limit"))
        } catch {
            let text = query.first("limit") ?? ""
            throw NeutronError.badRequest("limit", "Limit must be an integer 0 or greater and not '\(text)'.")
        }
    }

    /// Sorts by the requested keys (pairs of `sort_key` and `sort_dir`), then by id, as Neutron's
    /// database queries do.
    static func sort(_ objects: inout [EmulatorJSONObject], query: QueryItems, attributes: Set<String>) throws(ServiceError) {
        let keys = query.all("sort_key")
        let directions = query.all("sort_dir")
        guard keys.count == directions.count else {
            throw ServiceError.badRequest("The number of sort_keys and sort_dirs must be same", kind: "HTTPBadRequest")
        }
        let unknown = keys.filter { !attributes.contains($0) }
        guard unknown.isEmpty else {
            throw ServiceError.badRequest("[\(unknown.map { "'\($0)'" }.joined(separator: ", "))] is invalid attribute for sort_keys", kind: "HTTPBadRequest")
        }
        let badDirections = directions.filter { $0 != "asc" && $0 != "desc" }
        guard badDirections.isEmpty else {
            throw ServiceError.badRequest(
                "[\(badDirections.map { "'\($0)'" }.joined(separator: ", "))] is invalid value for sort_dirs, valid value is 'asc' and 'desc'",
                kind: "HTTPBadRequest")
        }
        let order = zip(keys, directions.map { $0 == "asc" }) + [("id", true)]
        objects.sort { left, right in
            for (key, ascending) in order {
                let comparison = compare(left[key] ?? .null, right[key] ?? .null)
                if comparison != 0 { return ascending ? comparison < 0 : comparison > 0 }
            }
            return false
        }
    }

    /// -1, 0 or 1; nulls first, as SQL sorts them ascending.
    static func compare(_ left: EmulatorJSON, _ right: EmulatorJSON) -> Int {
        switch (left, right) {
        case (.null, .null): return 0
        case (.null, _): return -1
        case (_, .null): return 1
        case (.string(let a), .string(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.bool(let a), .bool(let b)): return a == b ? 0 : (a ? 1 : -1)
        default:
            if let a = left.doubleValue, let b = right.doubleValue { return a < b ? -1 : (a == b ? 0 : 1) }
            return 0
        }
    }

    /// The page after the marker (or, reversed, the one before it). A marker naming nothing is
    /// ignored, as Neutron ignores it.
    static func page(_ objects: [EmulatorJSONObject], limit: Int, marker: String?, reverse: Bool) -> [EmulatorJSONObject] {
        let index = marker.flatMap { marker in objects.firstIndex { $0["id"]?.stringValue == marker } }
        if reverse {
            let end = index ?? objects.count
            return Array(objects[max(0, end - limit)..<end])
        }
        let start = index.map { $0 + 1 } ?? 0
        return Array(objects[start..<min(objects.count, start + limit)])
    }

    /// Neutron's `next` and `previous` links: `next` unless a forward page came back short,
    /// `previous` unless a reversed page did.
    static func links(_ page: [EmulatorJSONObject], limit: Int, reverse: Bool, url: String, query: QueryItems) -> [EmulatorJSON] {
        let kept = query.items.filter { $0.name != "marker" && $0.name != "page_reverse" }
        var links: [EmulatorJSON] = []
        let short = page.count < limit
        if !(short && !reverse) {
            var items = kept
            if let last = page.last?["id"]?.stringValue { items.append(("marker", last)) }
            links.append(["rel": "next", "href": .string(url + "?" + QueryItems.encode(items))])
        }
        if !(short && reverse) {
            var items = kept
            if let first = page.first?["id"]?.stringValue { items.append(("marker", first)) }
            items.append(("page_reverse", "True"))
            links.append(["rel": "previous", "href": .string(url + "?" + QueryItems.encode(items))])
        }
        return links
    }
}

/// Neutron's JSON answers. Its core resources (networks, subnets, ports) come out compact, the
/// extensions' (routers, floating IPs, security groups, quotas, tags) with Python's spacing.
enum NeutronResponse {
    static func json(_ value: EmulatorJSON, status: Int = 200, layout: JSONLayout) -> EmulatorResponse {
        if layout == .compact { return .json(value, status: status) }
        return EmulatorResponse(status: status, headers: [("Content-Type", "application/json")], body: .text(value.serialized(.python)))
    }

    /// One resource, `{"network": {...}}`, cut down to `fields=` when asked.
    static func resource(_ name: String, _ object: EmulatorJSONObject, request: EmulatorRequest, status: Int = 200, layout: JSONLayout)
        -> EmulatorResponse
    {
        let fields = request.method == .get ? request.query.all("fields") : []
        return json(.object([name: .object(FieldFilter.select(object, fields: fields))]), status: status, layout: layout)
    }
}
