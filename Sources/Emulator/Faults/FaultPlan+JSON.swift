extension FaultPlan {
    /// Statuses an injected error may have: what a proxy or an overloaded service answers.
    public static let injectableStatuses: Set<Int> = [429, 500, 502, 503, 504]

    /// Reads the plan format of `PUT /_emulator/faults` and of the config file's `faults`.
    public static func parse(_ json: EmulatorJSON, path: String = "faults") throws(EmulatorConfigError) -> FaultPlan {
        var reader = try ConfigReader(json, path: path)
        var plan = FaultPlan()
        if let seed = try reader.integer("seed", atLeast: 0) { plan.seed = UInt64(seed) }
        for var rule in try reader.objects("latency") ?? [] {
            let match = try matcher(&rule)
            let fixed = try rule.number("ms", atLeast: 0)
            let lower = try rule.number("min_ms", atLeast: 0)
            let upper = try rule.number("max_ms", atLeast: 0)
            let range: ClosedRange<Double>
            if let fixed, lower == nil, upper == nil {
                range = fixed...fixed
            } else if fixed == nil, let lower, let upper, lower <= upper {
                range = lower...upper
            } else {
                throw EmulatorConfigError(path: rule.path, reason: "give either \"ms\", or \"min_ms\" and \"max_ms\" with min_ms <= max_ms")
            }
            try rule.finish()
            plan.latency.append(Latency(match: match, milliseconds: range))
        }
        for var rule in try reader.objects("errors") ?? [] {
            let match = try matcher(&rule)
            let rate = try rule.required(try rule.number("rate", atLeast: 0, atMost: 1), "rate")
            var statuses = try statusList(&rule)
            if statuses.isEmpty { statuses = [503] }
            let retryAfter = try rule.integer("retry_after", atLeast: 0) ?? 1
            try rule.finish()
            plan.errors.append(ErrorResponses(match: match, rate: rate, statuses: statuses, retryAfter: retryAfter))
        }
        for var rule in try reader.objects("drops") ?? [] {
            let match = try matcher(&rule)
            let rate = try rule.required(try rule.number("rate", atLeast: 0, atMost: 1), "rate")
            let whenText = try rule.string("when") ?? "either"
            guard let when = DropMoment(rawValue: whenText) else {
                throw EmulatorConfigError(path: rule.path + ".when", reason: "expected \"before\", \"after\" or \"either\", got \"\(whenText)\"")
            }
            let times = try rule.integer("times", atLeast: 1)
            let late = try rule.number("processed_after_ms", atLeast: 0)
            if late != nil && when != .after {
                throw EmulatorConfigError(path: rule.path + ".processed_after_ms", reason: "needs \"when\": \"after\"")
            }
            try rule.finish()
            plan.drops.append(Drops(match: match, rate: rate, when: when, times: times, processedAfter: late.map { $0 / 1000 }))
        }
        if var rule = try reader.object("early_token_expiry") {
            let rate = try rule.required(try rule.number("rate", atLeast: 0, atMost: 1), "rate")
            let after = try rule.number("after_seconds", atLeast: 0) ?? 0
            try rule.finish()
            plan.earlyTokenExpiry = EarlyTokenExpiry(rate: rate, afterSeconds: after)
        }
        for var rule in try reader.objects("resource_errors") ?? [] {
            let kind = try rule.required(try rule.string("kind"), "kind")
            let rate = try rule.required(try rule.number("rate", atLeast: 0, atMost: 1), "rate")
            try rule.finish()
            plan.resourceErrors.append(ResourceErrors(kind: kind, rate: rate))
        }
        try reader.finish()
        return plan
    }

    private static func matcher(_ rule: inout ConfigReader) throws(EmulatorConfigError) -> RequestMatcher {
        RequestMatcher(service: try rule.string("service"), method: try rule.string("method")?.uppercased(), route: try rule.string("route"))
    }

    private static func statusList(_ rule: inout ConfigReader) throws(EmulatorConfigError) -> [Int] {
        var statuses: [Int] = []
        if let single = try rule.integer("status") { statuses.append(single) }
        if let value = rule.value("statuses") {
            guard let array = value.arrayValue else { throw EmulatorConfigError(path: rule.path + ".statuses", reason: "expected an array") }
            for element in array {
                guard let status = element.intValue else { throw EmulatorConfigError(path: rule.path + ".statuses", reason: "expected integers") }
                statuses.append(status)
            }
        }
        for status in statuses where !injectableStatuses.contains(status) {
            throw EmulatorConfigError(path: rule.path, reason: "status \(status) cannot be injected; use 429, 500, 502, 503 or 504")
        }
        return statuses
    }

    /// The plan in the format `parse` reads.
    public var json: EmulatorJSON {
        func matcher(_ match: RequestMatcher) -> [(String, EmulatorJSON)] {
            var members: [(String, EmulatorJSON)] = []
            if let service = match.service { members.append(("service", .string(service))) }
            if let method = match.method { members.append(("method", .string(method))) }
            if let route = match.route { members.append(("route", .string(route))) }
            return members
        }
        var object = EmulatorJSONObject()
        if let seed { object["seed"] = .int(Int(truncatingIfNeeded: seed)) }
        object["latency"] = .array(latency.map { rule in
            let range: [(String, EmulatorJSON)] = rule.milliseconds.lowerBound == rule.milliseconds.upperBound
                ? [("ms", .double(rule.milliseconds.lowerBound))]
                : [("min_ms", .double(rule.milliseconds.lowerBound)), ("max_ms", .double(rule.milliseconds.upperBound))]
            return .object(EmulatorJSONObject(matcher(rule.match) + range))
        })
        object["errors"] = .array(errors.map { rule in
            .object(EmulatorJSONObject(matcher(rule.match) + [
                ("rate", .double(rule.rate)), ("statuses", .array(rule.statuses.map(EmulatorJSON.int))), ("retry_after", .int(rule.retryAfter)),
            ]))
        })
        object["drops"] = .array(drops.map { rule in
            .object(EmulatorJSONObject(matcher(rule.match) + [("rate", .double(rule.rate)), ("when", .string(rule.when.rawValue))]
                + (rule.times.map { [("times", EmulatorJSON.int($0))] } ?? [])
                + (rule.processedAfter.map { [("processed_after_ms", EmulatorJSON.double($0 * 1000))] } ?? [])))
        })
        object["early_token_expiry"] = earlyTokenExpiry.map { rule in
            ["rate": .double(rule.rate), "after_seconds": .double(rule.afterSeconds)]
        } ?? .null
        object["resource_errors"] = .array(resourceErrors.map { rule in ["kind": .string(rule.kind), "rate": .double(rule.rate)] })
        return .object(object)
    }
}
