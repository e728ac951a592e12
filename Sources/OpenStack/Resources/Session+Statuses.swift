public import JSONValue
import Transport

extension Session {
    /// Many resources of one kind as they are now, by id, read in one list call as the kind's
    /// bulk status query says (one GET for any number of waits, instead of one per resource).
    /// An id missing from the answer is gone.
    public func current(_ kind: ResourceKind, ids: [String], _ options: CallOptions = CallOptions()) async throws(OpenStackError) -> [String: JSON] {
        guard let query = kind.bulkStatus else {
            throw OpenStackError(.invalidArgument, "\(kind.name)s cannot be read in bulk", service: kind.service.projectName)
        }
        let wanted = Set(ids)
        let items: [JSON]
        switch query {
        case .detailedList:
            items = try await list(kind, options)
        case .repeatedParameter(let name):
            items = try await inBatches(ids) { batch throws(OpenStackError) in try await list(kind, filters: batch.map { (name, $0) }, options) }
        case .inOperator(let name):
            items = try await inBatches(ids) { batch throws(OpenStackError) in
                try await list(kind, filters: [(name, "in:" + batch.joined(separator: ","))], options)
            }
        }
        var found: [String: JSON] = [:]
        for item in items {
            if let id = item[kind.idField]?.stringValue, wanted.contains(id) { found[id] = item }
        }
        return found
    }

    /// `read` over the ids 50 at a time: 50 UUIDs keep a query well under the 8 KiB that web
    /// servers in front of OpenStack APIs commonly allow for a request line.
    private func inBatches(_ ids: [String], _ read: ([String]) async throws(OpenStackError) -> [JSON]) async throws(OpenStackError) -> [JSON] {
        var items: [JSON] = []
        var start = 0
        while start < ids.count {
            items += try await read(Array(ids[start..<min(start + 50, ids.count)]))
            start += 50
        }
        return items
    }
}
