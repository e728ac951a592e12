import JSONValue
import Runtime
import Testing
import Transport

/// Bad answers from a cloud, through the clients' whole pipeline (CraftedCloud): seeded mutants
/// of real services' bodies under any status, content type and framing. Each call returns, or
/// raises an error table that says what went wrong (kind, service, method, URL, and the status
/// when an answer came); never a crash, a hang, or a connection left open. A bounded pass here
/// (FUZZ_ITERATIONS / 10 answers); scripts/fuzz/run.sh runs long. ResponseEdgeTests has the
/// fixed cases.
@Suite(.exclusive) struct ResponseFuzzTests {
    static let kinds: Set<String> = ["http", "transport", "unreachable", "authentication", "outcome_unknown", "not_found", "timeout", "discovery"]

    @Test("mutated answers give a value or a clear error", arguments: [CraftedCloud.novaGet, CraftedCloud.rawRequest])
    func mutatedAnswers(call: String) async throws {
        let cloud = try await CraftedCloud.start()
        defer { cloud.stop() }
        var random = SeededMutator(seed: SeededMutator.seed &+ (call == CraftedCloud.novaGet ? 7 : 11))
        let count = max(20, SeededMutator.iterations / 10)
        var failures = 0
        // In rounds of at most 500 answers, so that a long pass holds only one round's answers.
        for round in stride(from: 0, to: count, by: 500) {
            let answers = (round..<min(count, round + 500)).map { (id: CraftedCloud.id($0), answer: ResponseCorpus.generate(&random)) }
            try cloud.craft(answers)
            let results = try await cloud.run(ids: answers.map(\.id), call: call)
            #expect(results.count == answers.count)
            for (result, crafted) in zip(results, answers) {
                let context = "seed \(SeededMutator.seed), \(crafted.id): \(crafted.answer.json.prefix(300)) -> \(String(describing: result).prefix(500))"
                guard result["ok"] != true else { continue }
                failures += 1
                Self.checkError(result, url: cloud.url(of: crafted.id), servers: cloud.url(of: ""), crafted: crafted.answer, context: context)
            }
        }
        #expect(failures > 0 && failures < count, "both outcomes happen: \(failures) of \(count) failed")
        // The connections the run opened are closed once it is over, but for one kept for reuse.
        let closed = try await cloud.connectionsClosed()
        let stats = try cloud.server.stats()
        #expect(closed, "every connection is closed: \(stats)")
    }

    /// An error table that names what failed: a known kind, Nova, the request and its status.
    static func checkError(_ result: JSON, url: String, servers: String, crafted: CraftedAnswer, context: String) {
        let kind = result["kind"]?.stringValue ?? "(no kind)"
        #expect(kinds.contains(kind) && kind != "timeout", "\(context)")
        #expect(result["service"] == "nova", "\(context)")
        #expect(result["message"]?.stringValue?.isEmpty == false, "\(context)")
        #expect(result["text"]?.stringValue?.contains("nova") == true, "\(context)")
        guard kind != "not_found" else {
            // nova.get looks for a name after a 404 or 400 to the id.
            #expect([400, 404].contains(crafted.status), "\(context)")
            return
        }
        #expect(result["method"] == "GET", "\(context)")
        // After a 404 or 400, the name lookup is the request that failed.
        #expect(result["url"]?.stringValue?.hasPrefix([400, 404].contains(crafted.status) ? servers : url) == true, "\(context)")
        if kind == "http" {
            #expect(result["status"]?.intValue != nil, "\(context)")
            if crafted.isWhole, result["url"]?.stringValue == url {
                #expect(result["status"]?.intValue.map(Int.init) == crafted.status, "\(context)")
            }
        }
    }
}
