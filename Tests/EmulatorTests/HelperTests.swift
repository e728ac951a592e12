import Emulator
import Testing

/// The helpers later services build on: pagination, filters, microversion parsing, timestamps.
struct HelperTests {
    struct Item { let id: String; let name: String }
    static let items = (1...5).map { Item(id: "id\($0)", name: "n\($0)") }

    @Test func pagesFollowMarkers() throws {
        let first = try Pagination.page(Self.items, limit: 2, marker: nil) { $0.id }
        #expect(first.items.map(\.id) == ["id1", "id2"])
        #expect(first.hasMore)
        let last = try Pagination.page(Self.items, limit: 2, marker: "id4") { $0.id }
        #expect(last.items.map(\.id) == ["id5"])
        #expect(!last.hasMore)
        #expect(throws: PaginationError.self) { try Pagination.page(Self.items, limit: 2, marker: "zzz") { $0.id } }
        #expect(throws: PaginationError.self) { try Pagination.parseLimit("-1") }
        #expect(try Pagination.parseLimit(nil) == nil)
        #expect(try Pagination.parseLimit("3") == 3)
    }

    @Test func linksAsEachServiceWritesThem() throws {
        let query = QueryItems(parsing: "limit=2&name=a%20b")
        let page = try Pagination.page(Self.items, limit: 2, marker: nil) { $0.id }
        #expect(Pagination.nextLinks(page, url: "http://h/compute/v2.1/flavors", query: query) { $0.id } == [
            ["rel": "next", "href": "http://h/compute/v2.1/flavors?limit=2&name=a%20b&marker=id2"],
        ])
        #expect(Pagination.neutronLinks(page, url: "http://h/network/v2.0/networks", query: query) { $0.id } == [
            ["rel": "next", "href": "http://h/network/v2.0/networks?limit=2&name=a%20b&marker=id2"],
            ["rel": "previous", "href": "http://h/network/v2.0/networks?limit=2&name=a%20b&marker=id1&page_reverse=True"],
        ])
        #expect(Pagination.glanceNext(page, path: "/v2/images", query: query) { $0.id } == "/v2/images?limit=2&name=a%20b&marker=id2")
        let unlimited = try Pagination.page(Self.items, limit: nil, marker: nil) { $0.id }
        #expect(Pagination.nextLinks(unlimited, url: "u", query: QueryItems()) { $0.id }.isEmpty)
    }

    @Test func neutronFiltersAndFields() throws {
        let objects: [EmulatorJSONObject] = [
            ["id": "a", "status": "ACTIVE", "shared": true, "tags": ["x"], "mtu": 1500],
            ["id": "b", "status": "DOWN", "shared": false, "tags": [], "mtu": 1450],
            ["id": "c", "status": "BUILD", "shared": false, "tags": ["x", "y"], "mtu": 1500],
        ]
        let attributes: Set<String> = ["id", "status", "shared", "tags", "mtu"]
        func ids(_ query: String) throws -> [String] {
            let filters = FieldFilter.filters(QueryItems(parsing: query))
            return try FieldFilter.apply(filters, to: objects, attributes: attributes).compactMap { $0["id"]?.stringValue }
        }
        #expect(try ids("status=ACTIVE&status=DOWN") == ["a", "b"])
        #expect(try ids("shared=False&mtu=1500") == ["c"])
        #expect(try ids("tags=y&fields=id&limit=5") == ["c"])
        #expect(throws: FieldFilter.Failure.self) { try ids("bogus=1") }
        #expect(throws: FieldFilter.Failure.self) { try ids("shared=maybe") }
        #expect(FieldFilter.select(objects[0], fields: ["status", "id"]).keys == ["id", "status"])
        let error = FieldFilter.neutronError(.unknownAttributes(["bogus"]))
        #expect(error.message == "['bogus'] is invalid attribute for filtering")
    }

    @Test func microversionNegotiation() throws {
        let spec = ComputeService.microversions
        #expect(try spec.negotiate(headerValues: [], legacyValue: nil) == APIVersion(2, 1))
        #expect(try spec.negotiate(headerValues: ["compute 2.10"], legacyValue: "2.5") == APIVersion(2, 10))
        #expect(try spec.negotiate(headerValues: ["volume 3.1, compute 2.42"], legacyValue: nil) == APIVersion(2, 42))
        #expect(throws: ServiceError.self) { try spec.negotiate(headerValues: ["compute 2.07"], legacyValue: nil) }
        #expect(APIVersion(2, 10) > APIVersion(2, 9))
        #expect(throws: ServiceError.self) { try BlockStorageService.microversions.negotiate(headerValues: ["placement 1.10"], legacyValue: nil) }
    }

    @Test func timestampsRoundTrip() throws {
        let date = try #require(Timestamp.parse("2026-12-01T00:25:52.5Z"))
        #expect(Timestamp.format(date, .microsecondsZ) == "2026-12-01T00:25:52.500000Z")
        #expect(Timestamp.format(date, .secondsZ) == "2026-12-01T00:25:52Z")
        #expect(Timestamp.format(date, .microseconds) == "2026-12-01T00:25:52.500000")
        #expect(Timestamp.parse("2026-12-01T02:25:52+02:00") == Timestamp.parse("2026-12-01T00:25:52Z"))
        #expect(Timestamp.parse("2030-01-01") != nil)
        #expect(Timestamp.parse("yesterday") == nil)
    }
}
