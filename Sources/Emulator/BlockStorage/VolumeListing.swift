import Foundation

/// Cinder's list parameters: filters (checked against `resource_filters.json` for non-admins
/// from 3.31 on), `name~` from 3.34, sorting, `all_tenants` for admins, and paging.
struct CinderListing {
    /// Filters a non-admin may use, per resource (Cinder's default resource_filters.json).
    static let allowed: [String: Set<String>] = [
        "volume": ["name", "status", "metadata", "bootable", "migration_status", "availability_zone", "group_id", "size",
                   "created_at", "updated_at", "consumes_quota"],
        "snapshot": ["name", "status", "volume_id", "metadata", "availability_zone", "consumes_quota"],
        "volume_type": ["is_public", "extra_specs"],
    ]
    static let notFilters: Set<String> = ["limit", "marker", "offset", "sort", "sort_key", "sort_dir", "with_count", "all_tenants", "project_id"]

    let filters: [(name: String, value: String, like: Bool)]
    let allTenants: Bool
    /// `project_id=` with `all_tenants`: one other project's resources, for admins.
    let projectFilter: String?
    let sort: [(key: String, ascending: Bool)]

    init(_ cinder: CinderRequest, resource: String) throws(ServiceError) {
        let query = cinder.request.query
        var filters: [(name: String, value: String, like: Bool)] = []
        var invalid: [String] = []
        let allowed = Self.allowed[resource] ?? []
        for (name, value) in query where !Self.notFilters.contains(name) {
            if name == "with_count" { continue }
            let like = name.hasSuffix("~") && cinder.version >= APIVersion(3, 34)
            let key = like ? String(name.dropLast()) : name
            if !cinder.auth.isAdmin && !allowed.contains(key) {
                invalid.append(name)
                continue
            }
            filters.append((key, value, like))
        }
        if !invalid.isEmpty && cinder.version >= APIVersion(3, 31) {
            throw ServiceError.badRequest("Invalid filters \(invalid.joined(separator: ",")) are found in query options.")
        }
        self.filters = filters
        allTenants = cinder.auth.isAdmin && query.first("all_tenants").map { FieldFilter.parseBool($0) ?? true } == true
        projectFilter = allTenants ? query.first("project_id") : nil
        var sort: [(key: String, ascending: Bool)] = []
        if let text = query.first("sort") {
            for part in text.split(separator: ",") {
                let pieces = part.split(separator: ":")
                let key = String(pieces[0]).trimmingSpaces
                let direction = pieces.count > 1 ? String(pieces[1]).lowercased() : "desc"
                guard direction == "asc" || direction == "desc" else {
                    throw ServiceError.badRequest("Invalid input received: Unknown sort direction, must be 'desc' or 'asc'")
                }
                sort.append((key, direction == "asc"))
            }
        } else if let key = query.first("sort_key") {
            let direction = query.first("sort_dir")?.lowercased() ?? "desc"
            guard direction == "asc" || direction == "desc" else {
                throw ServiceError.badRequest("Invalid input received: Unknown sort direction, must be 'desc' or 'asc'")
            }
            sort.append((key, direction == "asc"))
        }
        self.sort = sort
    }

    /// Keeps the objects (rendered detail views) that match every filter.
    func matches(_ object: EmulatorJSONObject) throws(ServiceError) -> Bool {
        for filter in filters {
            let field = filter.name == "consumes_quota" ? "consumes_quota" : filter.name
            let value = object[field] ?? .null
            if filter.name == "metadata" {
                guard let wanted = Self.parseMetadataFilter(filter.value) else { continue }
                let actual = object["metadata"]?.objectValue ?? [:]
                for (key, expected) in wanted where actual[key]?.stringValue != expected { return false }
                continue
            }
            if object[field] == nil { continue }
            switch value {
            case .string(let text):
                if filter.like ? !text.contains(filter.value) : text != filter.value {
                    if field == "bootable", let flag = FieldFilter.parseBool(filter.value), text == (flag ? "true" : "false") { continue }
                    return false
                }
            case .int(let number):
                if Int(filter.value) != number { return false }
            case .bool(let flag):
                if FieldFilter.parseBool(filter.value) != flag { return false }
            case .null:
                if !(filter.value.isEmpty || filter.value == "None") { return false }
            default:
                continue
            }
        }
        return true
    }

    /// `metadata={'k': 'v'}` or `{"k": "v"}`, as the clients send it.
    static func parseMetadataFilter(_ text: String) -> [(String, String)]? {
        let jsonText = text.replacingOccurrences(of: "'", with: "\"")
        guard let object = (try? EmulatorJSON.parse(Array(jsonText.utf8)))?.objectValue else { return nil }
        return object.members.compactMap { member in member.value.stringValue.map { (member.key, $0) } }
    }

    /// Sorts rendered objects; the default is Cinder's, newest first.
    func sorted(_ objects: [EmulatorJSONObject]) -> [EmulatorJSONObject] {
        let keys = sort.isEmpty ? [("created_at", false)] : sort.map { ($0.key == "name" ? "name" : $0.key, $0.ascending) }
        return objects.enumerated().sorted { left, right in
            for (key, ascending) in keys {
                let order = EmulatorJSON.ordering(left.element[key], right.element[key])
                if order != 0 { return ascending ? order < 0 : order > 0 }
            }
            // Same creation second: the later one first, as Cinder's id tie-break cannot be predicted anyway.
            return left.offset > right.offset
        }.map(\.element)
    }
}
