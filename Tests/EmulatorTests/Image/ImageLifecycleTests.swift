@testable import Emulator
import Foundation
import Testing

/// Glance over HTTP: create (queued), upload (active, with size and checksums), download,
/// show, delete, and the state errors.
struct ImageLifecycleTests {
    @Test func createUploadDownloadDelete() async throws {
        try await TestCloud.run { cloud in
            let glance = try await GlanceSession.login(cloud)
            let created = try await glance.send("POST", "/v2/images", json: ["name": "img", "disk_format": "raw", "container_format": "bare", "tags": ["a"], "purpose": "test"])
            #expect(created.status == 201)
            let id = try created.json["id"]?.stringValue ?? ""
            #expect(created.header("Location") == "\(cloud.base)/image/v2/images/\(id)")
            #expect(created.headerSpelling("X-Openstack-Request-Id") == "X-Openstack-Request-Id")
            #expect(try created.json["status"] == "queued")
            #expect(try created.json["visibility"] == "shared")
            #expect(try created.json["purpose"] == "test")
            #expect(try created.json.objectValue?.keys.first == "purpose")
            #expect(try created.json["self"]?.stringValue == "/v2/images/\(id)")

            let empty = try await glance.send("GET", "/v2/images/\(id)/file")
            #expect(empty.status == 204)

            let bytes = Array("The quick brown fox jumps over the lazy dog".utf8)
            let upload = try await glance.upload(id, bytes)
            #expect(upload.status == 204)
            let shown = try await glance.send("GET", "/v2/images/\(id)")
            let image = try shown.json
            #expect(image["status"] == "active")
            #expect(image["size"] == 43)
            #expect(image["checksum"] == "9e107d9d372bb6826bd81d3542a419d6")
            #expect(image["os_hash_algo"] == "sha512")
            #expect(image["os_hash_value"] == "07e547d9586f6a73f73fbac0435ed76951218fb7d0c8d788a309d785436bbb642e93a252a954f23912547d1e8a3b5ed6e1bfd7097821233fa0538f3db854fee6")
            #expect(image["stores"] == "fs")

            let again = try await glance.upload(id, bytes)
            #expect(again.status == 409)
            #expect(try again.json["message"] == "Image status transition from active to saving is not allowed<br /><br />\n\n\n")

            let download = try await glance.send("GET", "/v2/images/\(id)/file")
            #expect(download.status == 200)
            #expect(download.body == bytes)
            #expect(download.header("Content-Type") == "application/octet-stream")
            #expect(download.header("Content-Md5") == "9e107d9d372bb6826bd81d3542a419d6")
            #expect(download.header("Content-Length") == "43")

            let deleted = try await glance.send("DELETE", "/v2/images/\(id)")
            #expect(deleted.status == 204)
            let gone = try await glance.send("GET", "/v2/images/\(id)")
            #expect(gone.status == 404)
            #expect(gone.text == "{\"message\": \"No image found with ID \(id)<br /><br />\\n\\n\\n\", \"code\": \"404 Not Found\", \"title\": \"Not Found\"}")
            let html = try await glance.send("GET", "/v2/images/\(id)", acceptJSON: false)
            #expect(html.header("Content-Type") == "text/html; charset=UTF-8")
            #expect(html.text.hasPrefix("<html>\n <head>\n  <title>404 Not Found</title>"))
        }
    }

    @Test func seededCirrosDownloadsWithItsChecksums() async throws {
        try await TestCloud.run { cloud in
            let glance = try await GlanceSession.login(cloud, user: "demo", project: "demo")
            let list = try await glance.send("GET", "/v2/images?name=cirros")
            let image = try list.json["images"]?.arrayValue?.first ?? .null
            let id = image["id"]?.stringValue ?? ""
            let download = try await glance.send("GET", "/v2/images/\(id)/file")
            #expect(download.status == 200)
            #expect(download.body.count == 1_048_576)
            #expect(download.body == ImagePattern.bytes(offset: 0, count: 1_048_576))
            #expect(download.header("Content-Md5") == image["checksum"]?.stringValue)
            #expect(try await glance.send("DELETE", "/v2/images/\(id)").status == 403)
        }
    }

    @Test func protectedImagesRefuseDeletion() async throws {
        try await TestCloud.run { cloud in
            let glance = try await GlanceSession.login(cloud)
            let id = try await glance.createImage(["name": "keep", "protected": true])
            let refused = try await glance.send("DELETE", "/v2/images/\(id)")
            #expect(refused.status == 403)
            #expect(try refused.json["message"]?.stringValue == "Image \(id) is protected and cannot be deleted.<br /><br />\n\n\n")
            let unprotect = try await glance.send(
                "PATCH", "/v2/images/\(id)", json: [["op": "replace", "path": "/protected", "value": false]],
                contentType: "application/openstack-images-v2.1-json-patch")
            #expect(unprotect.status == 200)
            #expect(try await glance.send("DELETE", "/v2/images/\(id)").status == 204)
        }
    }

    @Test func createRejectsBadInput() async throws {
        try await TestCloud.run { cloud in
            let glance = try await GlanceSession.login(cloud)
            let demo = try await GlanceSession.login(cloud, user: "demo", project: "demo")
            let bogus = try await glance.send("POST", "/v2/images", json: ["disk_format": "bogus"])
            #expect(bogus.status == 400)
            #expect(try bogus.json["message"]?.stringValue?.hasPrefix("Provided object does not match schema 'image': 'bogus' is not one of [None, 'ami'") == true)
            #expect(try bogus.json["code"] == "400 Bad Request")
            let readOnly = try await glance.send("POST", "/v2/images", json: ["status": "active"])
            #expect(readOnly.status == 403)
            #expect(try readOnly.json["message"] == "Attribute 'status' is read-only.<br /><br />\n\n\n")
            let publicByDemo = try await demo.send("POST", "/v2/images", json: ["name": "p", "visibility": "public"])
            #expect(publicByDemo.status == 403)
            let fixedID = Identifiers.uuid()
            #expect(try await glance.send("POST", "/v2/images", json: ["id": .string(fixedID)]).status == 201)
            #expect(try await glance.send("POST", "/v2/images", json: ["id": .string(fixedID)]).status == 409)
            let wrongMethod = try await glance.send("POST", "/v2/images/\(fixedID)", json: [:])
            #expect(wrongMethod.status == 405)
            let noToken = try await cloud.client.send("GET", "/image/v2/images", headers: [("Accept", "application/json")])
            #expect(noToken.status == 401)
        }
    }
}
