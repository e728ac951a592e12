import Foundation
import JSONValue
@testable import OpenStack
import Testing

/// A temporary directory with files, removed afterwards.
struct ConfigDirectory {
    let path: String

    init(_ files: [String: String]) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("sr-config-\(UUID().uuidString.prefix(8))").path
        for (name, content) in files {
            let file = (path as NSString).appendingPathComponent(name)
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try content.write(toFile: file, atomically: true, encoding: .utf8)
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

@Suite("cloud configuration")
struct ConfigTests {
    static let clouds = """
        clouds:
          prod:
            auth:
              auth_url: https://keystone.example.org:5000/v3
              username: ops
              project_name: web
              user_domain_name: Default
              project_domain_id: default
            region_name: RegionTwo
            interface: internal
            verify: false
            compute_api_version: "2.79"
            api_retry_count: 2
            volume_endpoint_override: https://cinder.example.org/v3
          app:
            auth_type: v3applicationcredential
            auth:
              auth_url: http://127.0.0.1/identity
              application_credential_id: 0123abcd
              application_credential_secret: not-in-logs
        """

    @Test("clouds.yaml is found as the openstack client finds it, and secure.yaml is merged in")
    func cloudsAndSecure() throws {
        let home = try ConfigDirectory([
            ".config/openstack/clouds.yaml": Self.clouds,
            ".config/openstack/secure.yaml": "clouds:\n  prod:\n    auth:\n      password: hunter2\n",
        ])
        defer { home.remove() }
        let environment: (String) -> String? = { $0 == "HOME" ? home.path : nil }
        let found = try #require(try CloudsFile.entry(named: "prod", environment: environment))
        #expect(found.file.hasSuffix(".config/openstack/clouds.yaml"))
        let config = try CloudConfig(entry: found.entry, name: "prod")
        #expect(config.authURL == "https://keystone.example.org:5000/v3")
        #expect(config.auth == .password(user: UserReference(name: "ops", domainName: "Default"), password: Secret("hunter2")))
        #expect(config.scope == .project(id: nil, name: "web", domainID: "default", domainName: nil))
        #expect(config.region == "RegionTwo" && config.interface == "internal" && config.tls.insecure)
        #expect(config.apiVersions == ["compute": "2.79"])
        #expect(config.endpointOverrides == ["block-storage": "https://cinder.example.org/v3"])
        #expect(config.apiRetries == 2)
        var wrong = found.entry
        wrong["api_retry_count"] = "many"
        #expect(throws: ConfigError.self) { _ = try CloudConfig(entry: wrong, name: "prod") }
    }

    @Test("OS_CLIENT_CONFIG_FILE wins over the search path, and a missing cloud lists the known ones")
    func explicitFileAndUnknownCloud() throws {
        let directory = try ConfigDirectory(["mine.yaml": Self.clouds])
        defer { directory.remove() }
        let environment: (String) -> String? = { $0 == "OS_CLIENT_CONFIG_FILE" ? directory.path + "/mine.yaml" : nil }
        let app = try #require(try CloudsFile.entry(named: "app", environment: environment))
        let config = try CloudConfig(entry: app.entry, name: "app")
        #expect(config.auth == .applicationCredential(id: "0123abcd", name: nil, user: nil, secret: Secret("not-in-logs")))
        #expect(throws: ConfigError.self) { try CloudsFile.entry(named: "staging", environment: environment) }
        do {
            _ = try CloudsFile.entry(named: "staging", environment: environment)
        } catch {
            #expect(error.message.contains("no cloud named 'staging'") && error.message.contains("app, prod"))
        }
    }

    @Test("api_retry_count and connect_retries: whole numbers written as integers or floats (2.0), as openstacksdk reads them")
    func retryCounts() throws {
        let home = try ConfigDirectory([
            ".config/openstack/clouds.yaml": Self.clouds.replacing("api_retry_count: 2", with: "api_retry_count: 2.0\n    connect_retries: 1"),
            ".config/openstack/secure.yaml": "clouds:\n  prod:\n    auth:\n      password: hunter2\n",
        ])
        defer { home.remove() }
        let found = try #require(try CloudsFile.entry(named: "prod", environment: { $0 == "HOME" ? home.path : nil }))
        let config = try CloudConfig(entry: found.entry, name: "prod")
        #expect(config.apiRetries == 2 && config.connectRetries == 1)
        var entry = found.entry
        for (value, retries) in [(JSON.float(3.0), 3), (JSON("4"), 4), (JSON(" 0.0 "), 0), (JSON.int(20), 20)] {
            entry["connect_retries"] = value
            #expect(try CloudConfig(entry: entry, name: "prod").connectRetries == retries, "\(value)")
        }
        for wrong in [JSON.float(2.5), JSON("2.5"), JSON.int(21), JSON.int(-1), JSON("nan"), JSON.bool(true)] {
            entry["connect_retries"] = wrong
            do {
                _ = try CloudConfig(entry: entry, name: "prod")
                Issue.record("\(wrong) was accepted")
            } catch {
                #expect(error.message.hasPrefix("cloud 'prod': connect_retries must be a whole number from 0 to 20"), "\(error.message)")
            }
        }
        entry["connect_retries"] = nil
        #expect(try CloudConfig(entry: entry, name: "prod").connectRetries == nil)
    }

    @Test("the OS_* variables make a cloud")
    func environmentCloud() throws {
        let variables = ["OS_AUTH_URL": "http://10.0.0.1:5000", "OS_USERNAME": "demo", "OS_PASSWORD": "pw",
                         "OS_PROJECT_NAME": "demo", "OS_USER_DOMAIN_NAME": "Default", "OS_PROJECT_DOMAIN_NAME": "Default",
                         "OS_REGION_NAME": "RegionOne", "OS_INSECURE": "true", "OS_INTERFACE": "publicURL"]
        let entry = try #require(EnvironmentCloud.entry { variables[$0] })
        let config = try CloudConfig(entry: entry, name: "envvars")
        #expect(config.auth == .password(user: UserReference(name: "demo", domainName: "Default"), password: Secret("pw")))
        #expect(config.interface == "public" && config.region == "RegionOne" && config.tls.insecure)
        #expect(EnvironmentCloud.entry { _ in nil } == nil)
    }

    @Test("missing settings say which and where to set them", arguments: [
        ("{\"auth\": {\"username\": \"a\"}}", "auth.auth_url is missing"),
        ("{\"auth\": {\"auth_url\": \"https://k.test/v3\", \"username\": \"a\"}}", "auth.password is missing"),
        ("{\"auth\": {\"auth_url\": \"https://k.test/v3\", \"password\": \"p\"}}", "auth.username or auth.user_id is missing"),
        ("{\"auth_type\": \"v3oidcpassword\", \"auth\": {\"auth_url\": \"https://k.test/v3\"}}", "auth_type 'v3oidcpassword' is not supported"),
        ("{\"auth\": {\"auth_url\": \"keystone:5000\", \"username\": \"a\", \"password\": \"p\"}}", "auth.auth_url 'keystone:5000' is not an http or https URL"),
    ])
    func missingSettings(entry: String, message: String) throws {
        let object = try #require(try JSON.decode(entry).objectValue)
        #expect(throws: ConfigError.self) { try CloudConfig(entry: object, name: "c") }
        do { _ = try CloudConfig(entry: object, name: "c") } catch {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test("a secret never prints")
    func secretDoesNotPrint() {
        let secret = Secret("hunter2")
        #expect("\(secret)" == "***" && String(reflecting: secret) == "Secret(***)")
        let method = AuthMethod.password(user: UserReference(name: "u"), password: secret)
        #expect(!"\(method)".contains("hunter2"))
    }
}
