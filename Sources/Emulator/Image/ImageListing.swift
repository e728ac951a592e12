import Foundation

/// `GET /image/v2/images`: filters (name, status, visibility, tag, owner, formats, protected,
/// os_hidden, size_min/size_max, and any additional property), sorting, and `next` pagination.
enum ImageListing {
    static let sortKeys: Set<String> = [
        "name", "status", "container_format", "disk_format", "size", "id", "created_at", "updated_at", "visibility", "owner",
        "min_disk", "min_ram",
    ]

    static func list(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let auth = try request.requireAuth
        let query = request.query
        let limit: Int
        do {
            limit = min(try Pagination.parseLimit(query.first("limit")) ?? 25, 1000)
        } catch {
            if let text = query.first("limit"), Int(text) != nil { throw ServiceError.badRequest("limit param must be positive") }
            throw ServiceError.badRequest("limit param must be an integer")
        }
        let marker = query.first("marker")
        let sort = try sortOrder(query)
        let hidden = query.first("os_hidden")?.lowercased() ?? "false"
        guard hidden == "true" || hidden == "false" else {
            throw ServiceError.badRequest("Invalid value '\(hidden)' for 'os_hidden' filter. Valid values are 'true' or 'false'.")
        }
        if let protected = query.first("protected"), protected != "true" && protected != "false" {
            throw ServiceError.badRequest("Invalid value '\(protected)' for 'protected' filter. Valid values are 'true' or 'false'.")
        }
        if let visibility = query.first("visibility"), !(ImageAttributes.visibilities + ["all"]).contains(visibility) {
            throw ServiceError.badRequest("Invalid visibility value: \(visibility)")
        }
        if query.contains("changes-since") { throw ServiceError.badRequest("The \"changes-since\" filter is no longer available on v2.") }
        let reserved: Set<String> = ["limit", "marker", "sort", "sort_key", "sort_dir", "tag", "os_hidden", "member_status", "size_min", "size_max", "visibility"]
        let filters = query.items.filter { !reserved.contains($0.name) }
        let tags = query.all("tag")
        let sizeMin = query.first("size_min").flatMap { Int($0) }
        let sizeMax = query.first("size_max").flatMap { Int($0) }
        let visibility = query.first("visibility")
        let images = try request.cloud.withState { cloud -> [EmulatorJSONObject] in
            let state = cloud.image
            var objects: [EmulatorJSONObject] = []
            for id in state.imageOrder {
                guard let image = state.images[id] else { continue }
                // Without a visibility filter, `shared` and `community` images of others are not listed.
                let listed = auth.isAdmin || image.owner == auth.projectID || image.visibility == "public"
                    || (visibility == "community" && image.visibility == "community")
                guard listed, image.hidden == (hidden == "true") else { continue }
                if let visibility, visibility != "all", image.visibility != visibility { continue }
                if !tags.allSatisfy(image.tags.contains) { continue }
                if let sizeMin, (image.size ?? -1) < sizeMin { continue }
                if let sizeMax, image.size == nil || image.size! > sizeMax { continue }
                guard case .object(let object) = ImageView.render(image) else { continue }
                if filters.allSatisfy({ matches(object[$0.name], $0.value) }) { objects.append(object) }
            }
            return objects
        }
        let sorted = images.enumerated().sorted { left, right in
            for (key, ascending) in sort {
                let order = EmulatorJSON.ordering(left.element[key], right.element[key])
                if order != 0 { return ascending ? order < 0 : order > 0 }
            }
            return left.offset > right.offset
        }.map(\.element)
        let page: Page<EmulatorJSONObject>
        do {
            page = try Pagination.page(sorted, limit: limit, marker: marker, maximum: 1000) { $0["id"]?.stringValue ?? "" }
        } catch {
            throw ServiceError.badRequest("No image found with ID \(marker ?? "")")
        }
        var body: EmulatorJSONObject = ["images": .array(page.items.map(EmulatorJSON.object))]
        let first = query.isEmpty ? "/v2/images" : "/v2/images?" + QueryItems.encode(query.items.filter { $0.name != "marker" })
        body["first"] = .string(first)
        body["schema"] = "/v2/schemas/images"
        if let next = Pagination.glanceNext(page, path: "/v2/images", query: query, id: { $0["id"]?.stringValue ?? "" }) {
            body["next"] = .string(next)
        }
        return .json(.object(body))
    }

    static func matches(_ value: EmulatorJSON?, _ wanted: String) -> Bool {
        switch value ?? .null {
        case .string(let text):
            if wanted.hasPrefix("in:") { return wanted.dropFirst(3).split(separator: ",").contains { String($0) == text } }
            return text == wanted
        case .int(let number): return Int(wanted) == number
        case .bool(let flag): return (wanted == "true") == flag
        default: return false
        }
    }

    /// `sort=name:asc,size` or `sort_key=name&sort_dir=asc`; Glance's default is newest first.
    static func sortOrder(_ query: QueryItems) throws(ServiceError) -> [(String, Bool)] {
        var order: [(String, Bool)] = []
        if let text = query.first("sort") {
            if query.contains("sort_key") || query.contains("sort_dir") {
                throw ServiceError.badRequest("Old and new sorting syntax cannot be combined")
            }
            for part in text.split(separator: ",") {
                let pieces = part.split(separator: ":")
                let key = String(pieces[0]).trimmingSpaces
                let direction = pieces.count > 1 ? String(pieces[1]) : "desc"
                guard sortKeys.contains(key) else { throw ServiceError.badRequest("Invalid sort key: \(key). It should be one of the following: \(sortKeys.sorted().joined(separator: ", ")).") }
                guard direction == "asc" || direction == "desc" else { throw ServiceError.badRequest("Invalid sort direction: \(direction)") }
                order.append((key, direction == "asc"))
            }
        } else {
            let keys = query.all("sort_key")
            let directions = query.all("sort_dir")
            for (index, key) in keys.enumerated() {
                guard sortKeys.contains(key) else { throw ServiceError.badRequest("Invalid sort key: \(key). It should be one of the following: \(sortKeys.sorted().joined(separator: ", ")).") }
                let direction = index < directions.count ? directions[index] : (directions.first ?? "desc")
                guard direction == "asc" || direction == "desc" else { throw ServiceError.badRequest("Invalid sort direction: \(direction)") }
                order.append((key, direction == "asc"))
            }
        }
        return order.isEmpty ? [("created_at", false)] : order
    }
}
