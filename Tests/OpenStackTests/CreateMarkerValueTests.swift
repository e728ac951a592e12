import JSONValue
import OpenStack
import Testing

/// Where each marker style puts the token, and that what the script gave is kept.
@Suite("create markers as values")
struct CreateMarkerValueTests {
    let marker = CreateMarker(token: "0123456789abcdef0123456789abcdef")

    @Test("metadata: a key beside the script's own metadata, found again in the resource")
    func metadata() throws {
        let body = try #require(marker.marked(["name": "a", "metadata": ["role": "web"]], .metadata))
        #expect(body["metadata"]?["role"] == "web")
        #expect(body["metadata"]?[CreateMarker.key]?.stringValue == marker.token)
        #expect(marker.isCarried(by: .object(body), .metadata))
        #expect(!CreateMarker.random().isCarried(by: .object(body), .metadata))
        #expect(marker.marked(["metadata": "not an object"], .metadata) == nil)
    }

    @Test("description: only when the script gave none; its own is never changed")
    func description() throws {
        let body = try #require(marker.marked(["name": "n"], .description))
        #expect(body["description"]?.stringValue == "stackrun-create:" + marker.token)
        #expect(marker.isCarried(by: .object(body), .description))
        #expect(marker.marked(["name": "n", "description": "mine"], .description) == nil)
        #expect(marker.marked(["name": "n", "description": ""], .description) != nil)
    }

    @Test("property and tag")
    func propertyAndTag() throws {
        let image = try #require(marker.marked(["name": "i"], .property))
        #expect(image[CreateMarker.key]?.stringValue == marker.token)
        #expect(marker.isCarried(by: .object(image), .property))
        let tagged = try #require(marker.marked(["tags": ["a"]], .tag(microversion: nil)))
        #expect(tagged["tags"]?.arrayValue?.count == 2)
        #expect(marker.isCarried(by: .object(tagged), .tag(microversion: nil)))
    }

    @Test("random tokens are 32 hexadecimal digits and differ")
    func random() {
        let tokens = (0..<20).map { _ in CreateMarker.random().token }
        #expect(Set(tokens).count == 20)
        #expect(tokens.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) })
    }
}
