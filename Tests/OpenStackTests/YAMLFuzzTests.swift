import JSONValue
import OpenStack
import Testing

/// clouds.yaml and secure.yaml as a user might break them: mutated files give a document or a
/// YAML error naming the file, never a crash; a cloud entry built from a document gives a
/// configuration or a ConfigError.
@Suite("clouds.yaml parsing against bad input")
struct YAMLFuzzTests {
    static let corpus = """
        clouds:
          prod:
            auth:
              auth_url: https://keystone.example.com:5000/v3
              username: ops
              password: "s3cr3t: with colon"
              project_name: prod
              user_domain_name: Default
              project_domain_name: Default
            region_name: RegionOne
            api_retry_count: 2.0
            interface: public
            verify: false
          lab: &lab
            auth_type: v3applicationcredential
            auth: {auth_url: 'http://lab/identity', application_credential_id: abc, application_credential_secret: x}
          lab2: *lab
        """

    @Test("mutated files give a document or an error; entries give a configuration or a ConfigError")
    func mutations() {
        var random = SeededMutator(seed: SeededMutator.seed &+ 4)
        var parsed = 0
        for _ in 0..<(SeededMutator.iterations / 2) {
            let input = random.mutate(Array(Self.corpus.utf8))
            guard let document = try? YAML.decode(input, name: "clouds.yaml") else { continue }
            parsed += 1
            for member in document["clouds"]?.objectValue?.members ?? [] {
                guard let entry = member.value.objectValue else { continue }
                _ = try? CloudConfig(entry: entry, name: member.key)
            }
        }
        #expect(parsed > 0)
    }

    @Test("deep nesting and odd scalars are errors or values")
    func edges() {
        let deep = Array((String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000)).utf8)
        #expect(throws: YAML.Failure.self) { try YAML.decode(deep, name: "deep.yaml") }
        for text in ["clouds: [", "clouds:\n\t- x", "\u{0}", "a: !!binary 'x'", "a: 1e999", "? complex\n: key"] {
            _ = try? YAML.decode(Array(text.utf8), name: "odd.yaml")
        }
    }
}
