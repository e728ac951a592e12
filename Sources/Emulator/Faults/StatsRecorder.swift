import Synchronization

/// Request counts for `GET /_emulator/stats`.
final class StatsRecorder: Sendable {
    private struct Counts {
        var total = 0
        var byService: [String: Int] = [:]
        /// service -> "METHOD template" -> count, in first-seen order for readable output.
        var byRoute: [String: [(key: String, count: Int)]] = [:]
        var byStatus: [Int: Int] = [:]
        var tokensIssued = 0
        var injectedErrors = 0
        var droppedBefore = 0
        var droppedAfter = 0
        var delayed = 0
    }

    private let counts = Mutex(Counts())

    func recordRequest(service: String, method: String, route: String) {
        counts.withLock { counts in
            counts.total += 1
            counts.byService[service, default: 0] += 1
            let key = method + " " + route
            var routes = counts.byRoute[service] ?? []
            if let index = routes.firstIndex(where: { $0.key == key }) {
                routes[index].count += 1
            } else {
                routes.append((key, 1))
            }
            counts.byRoute[service] = routes
        }
    }

    func recordStatus(_ status: Int) { counts.withLock { $0.byStatus[status, default: 0] += 1 } }
    func recordTokenIssued() { counts.withLock { $0.tokensIssued += 1 } }
    func recordInjectedError() { counts.withLock { $0.injectedErrors += 1 } }
    func recordDrop(after: Bool) { counts.withLock { if after { $0.droppedAfter += 1 } else { $0.droppedBefore += 1 } } }
    func recordDelay() { counts.withLock { $0.delayed += 1 } }

    func reset() { counts.withLock { $0 = Counts() } }

    func json(resources: [String: Int]) -> EmulatorJSON {
        counts.withLock { counts in
            let routes = EmulatorJSONObject(counts.byRoute.keys.sorted().map { service in
                (service, .object(EmulatorJSONObject(counts.byRoute[service]!.map { ($0.key, EmulatorJSON.int($0.count)) })))
            })
            return [
                "requests": [
                    "total": .int(counts.total),
                    "by_service": .object(EmulatorJSONObject(counts.byService.keys.sorted().map { ($0, .int(counts.byService[$0]!)) })),
                    "by_route": .object(routes),
                    "by_status": .object(EmulatorJSONObject(counts.byStatus.keys.sorted().map { (String($0), .int(counts.byStatus[$0]!)) })),
                ],
                "tokens_issued": .int(counts.tokensIssued),
                "faults": [
                    "errors": .int(counts.injectedErrors),
                    "dropped_before": .int(counts.droppedBefore),
                    "dropped_after": .int(counts.droppedAfter),
                    "delayed": .int(counts.delayed),
                ],
                "resources": .object(EmulatorJSONObject(resources.keys.sorted().map { ($0, .int(resources[$0]!)) })),
            ]
        }
    }
}
