import Hummingbird

/// `/_emulator/`: stats, reset and the fault plan, for tests on loopback. No token needed.
struct ControlAPI: Sendable {
    static let prefix = "_emulator"
    let environment: EmulatorEnvironment

    func handle(_ request: Request, segments: [String]) async -> EmulatorResponse {
        let method = request.method.rawValue
        switch (method, segments) {
        case ("GET", []), ("GET", ["health"]):
            return .json([
                "status": "ok",
                "base_url": .string(environment.baseURL),
                "services": .array(environment.services.map { .string($0.name) }),
            ])
        case ("GET", ["stats"]):
            let resources = (try? environment.cloud.withState { $0.resourceCounts }) ?? [:]
            return .json(environment.stats.json(resources: resources))
        case ("GET", ["requests"]):
            return .json(["requests": .array(environment.journal.all.map(\.json))])
        case ("POST", ["reset"]):
            do {
                try environment.reset()
                return .empty(status: 204)
            } catch {
                return failure(500, "reset failed: \(error)")
            }
        case ("GET", ["faults"]):
            return .json(environment.faults.currentPlan.json)
        case ("PUT", ["faults"]):
            var incoming = request
            guard let buffer = try? await incoming.collectBody(upTo: 1024 * 1024) else {
                return failure(413, "the fault plan is larger than 1 MiB")
            }
            let json: EmulatorJSON
            do {
                json = try EmulatorJSON.parse(buffer.readableBytesView)
            } catch {
                return failure(400, "the fault plan is not valid JSON: \(error)")
            }
            do {
                let plan = try FaultPlan.parse(json)
                environment.faults.replace(with: plan)
                return .json(plan.json)
            } catch {
                return failure(400, "invalid fault plan: \(error)")
            }
        case ("DELETE", ["faults"]):
            environment.faults.replace(with: FaultPlan())
            return .empty(status: 204)
        case (_, []), (_, ["health"]), (_, ["stats"]), (_, ["reset"]), (_, ["faults"]), (_, ["requests"]):
            return failure(405, "\(method) is not allowed here")
        default:
            return failure(404, "no control endpoint at /\(Self.prefix)/\(segments.joined(separator: "/"))")
        }
    }

    private func failure(_ status: Int, _ message: String) -> EmulatorResponse {
        .json(["error": ["code": .int(status), "message": .string(message)]], status: status)
    }
}
