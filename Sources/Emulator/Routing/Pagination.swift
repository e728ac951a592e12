/// One page of a list: the items, and whether more follow.
public struct Page<Item> {
    public let items: [Item]
    /// Items exist after this page.
    public let hasMore: Bool
    /// The limit that applied (the request's, capped at the service's maximum).
    public let limit: Int
}

public enum PaginationError: Error, Sendable {
    /// The marker names no item in the list. Nova and Cinder answer 400, Neutron the resource's 404.
    case markerNotFound(String)
    /// The limit is not an integer 0 or greater.
    case invalidLimit(String)
}

/// limit/marker pagination and the three ways the services link to the next page.
public enum Pagination {
    /// The items after `marker`, at most `limit` (or `maximum`).
    public static func page<Item>(
        _ items: [Item], limit: Int?, marker: String?, maximum: Int = 1000, id: (Item) -> String
    ) throws(PaginationError) -> Page<Item> {
        var start = 0
        if let marker {
            guard let index = items.firstIndex(where: { id($0) == marker }) else { throw .markerNotFound(marker) }
            start = index + 1
        }
        let effective = min(limit ?? maximum, maximum)
        let end = min(items.count, start + effective)
        return Page(items: Array(items[start..<end]), hasMore: end < items.count, limit: effective)
    }

    /// The `limit` parameter: nil when absent, an error (for the service to word) when it is not
    /// an integer 0 or greater.
    public static func parseLimit(_ text: String?) throws(PaginationError) -> Int? {
        guard let text else { return nil }
        guard let value = Int(text), value >= 0 else { throw .invalidLimit(text) }
        return value
    }

    /// Nova's and Cinder's `<collection>_links`: a `next` link when the page is full (even if
    /// nothing follows, as they do), built from the request's own query with the marker replaced.
    public static func nextLinks<Item>(_ page: Page<Item>, url: String, query: QueryItems, id: (Item) -> String) -> [EmulatorJSON] {
        guard let last = page.items.last, page.items.count == page.limit, page.limit > 0 else { return [] }
        var items = query.items.filter { $0.name != "marker" }
        items.append(("marker", id(last)))
        return [["rel": "next", "href": .string(url + "?" + QueryItems.encode(items))]]
    }

    /// Neutron's `<collection>_links`: `next` when more items follow, `previous` whenever a limit
    /// was given, both carrying the request's other parameters.
    public static func neutronLinks<Item>(_ page: Page<Item>, url: String, query: QueryItems, id: (Item) -> String) -> [EmulatorJSON] {
        guard query.contains("limit"), let first = page.items.first, let last = page.items.last else { return [] }
        let kept = query.items.filter { $0.name != "marker" && $0.name != "page_reverse" }
        var links: [EmulatorJSON] = []
        if page.hasMore {
            links.append(["rel": "next", "href": .string(url + "?" + QueryItems.encode(kept + [("marker", id(last))]))])
        }
        links.append([
            "rel": "previous", "href": .string(url + "?" + QueryItems.encode(kept + [("marker", id(first)), ("page_reverse", "True")])),
        ])
        return links
    }

    /// Glance's `next`: a path relative to the service root, present when the page is full.
    public static func glanceNext<Item>(_ page: Page<Item>, path: String, query: QueryItems, id: (Item) -> String) -> String? {
        guard let last = page.items.last, page.items.count == page.limit else { return nil }
        var items = query.items.filter { $0.name != "marker" }
        items.append(("marker", id(last)))
        return path + "?" + QueryItems.encode(items)
    }
}
