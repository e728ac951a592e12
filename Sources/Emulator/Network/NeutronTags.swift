/// Neutron's tag rules and the `tags`, `tags-any`, `not-tags`, `not-tags-any` list filters.
enum NeutronTags {
    static let filterNames: Set<String> = ["tags", "tags-any", "not-tags", "not-tags-any"]

    static func validate(_ tags: [String]) throws(ServiceError) {
        var seen: Set<String> = []
        for tag in tags {
            try validate(tag)
            if !seen.insert(tag).inserted { throw NeutronError.invalidInput("Duplicate items in the list: '\(tag)'.") }
        }
    }

    static func validate(_ tag: String) throws(ServiceError) {
        if tag.count > 255 { throw NeutronError.invalidInput("'\(tag)' exceeds maximum length of 255.") }
    }

    /// Whether a resource's tags pass the tag filters of the query. Each parameter may repeat
    /// and holds a comma-separated list.
    static func matches(_ tags: [String], query: QueryItems) -> Bool {
        func lists(_ name: String) -> [[String]] {
            query.all(name).map { $0.split(separator: ",").map(String.init) }
        }
        let have = Set(tags)
        let all = lists("tags").flatMap { $0 }
        if !all.isEmpty && !all.allSatisfy(have.contains) { return false }
        let any = lists("tags-any").flatMap { $0 }
        if !any.isEmpty && !any.contains(where: have.contains) { return false }
        let notAll = lists("not-tags").flatMap { $0 }
        if !notAll.isEmpty && notAll.allSatisfy(have.contains) { return false }
        let notAny = lists("not-tags-any").flatMap { $0 }
        if !notAny.isEmpty && notAny.contains(where: have.contains) { return false }
        return true
    }
}
