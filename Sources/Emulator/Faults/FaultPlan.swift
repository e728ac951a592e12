/// Which requests a fault rule applies to. Every field left nil matches anything.
public struct RequestMatcher: Sendable, Equatable {
    /// Service name: identity, compute, volume, network, image.
    public var service: String?
    /// HTTP method, upper case.
    public var method: String?
    /// A route template (`/compute/v2.1/servers/{server_id}`), or a prefix ending in `*`.
    public var route: String?

    public init(service: String? = nil, method: String? = nil, route: String? = nil) {
        self.service = service
        self.method = method
        self.route = route
    }

    func matches(service: String, method: String, route: String) -> Bool {
        if let wanted = self.service, wanted != service { return false }
        if let wanted = self.method, wanted.uppercased() != method { return false }
        if let wanted = self.route {
            if wanted.hasSuffix("*") {
                guard route.hasPrefix(wanted.dropLast()) else { return false }
            } else if wanted != route {
                return false
            }
        }
        return true
    }
}

/// The faults to inject. Replaced as a whole by `PUT /_emulator/faults`.
public struct FaultPlan: Sendable, Equatable {
    public struct Latency: Sendable, Equatable {
        public var match: RequestMatcher
        /// Added delay in milliseconds, drawn uniformly from this range (a fixed delay has
        /// lower == upper).
        public var milliseconds: ClosedRange<Double>
        public init(match: RequestMatcher = .init(), milliseconds: ClosedRange<Double>) {
            self.match = match
            self.milliseconds = milliseconds
        }
    }

    public struct ErrorResponses: Sendable, Equatable {
        public var match: RequestMatcher
        public var rate: Double
        /// One is drawn per injected error: 500, 502, 503, 504 or 429.
        public var statuses: [Int]
        /// `Retry-After` seconds on a 429 or 503.
        public var retryAfter: Int
        public init(match: RequestMatcher = .init(), rate: Double, statuses: [Int] = [503], retryAfter: Int = 1) {
            self.match = match
            self.rate = rate
            self.statuses = statuses
            self.retryAfter = retryAfter
        }
    }

    public enum DropMoment: String, Sendable, Equatable {
        /// The connection closes before the request is processed: nothing happened.
        case before
        /// The request is processed, then the connection closes without an answer: the
        /// ambiguous case, where the resource exists but the client saw nothing.
        case after
        /// Either, half and half.
        case either
    }

    public struct Drops: Sendable, Equatable {
        public var match: RequestMatcher
        public var rate: Double
        public var when: DropMoment
        /// How many more matching requests may be dropped (nil: no limit). A test that needs
        /// the first attempt lost and the next one answered sets 1.
        public var times: Int?
        /// With `after`: the connection closes at once and the request is processed this many
        /// seconds later, as when a proxy gives up on a service still working on it (a 504's
        /// create that appears a moment later). Nil: processed before the connection closes.
        public var processedAfter: Double?
        public init(match: RequestMatcher = .init(), rate: Double, when: DropMoment = .either, times: Int? = nil,
                    processedAfter: Double? = nil) {
            self.match = match
            self.rate = rate
            self.when = when
            self.times = times
            self.processedAfter = processedAfter
        }
    }

    /// Tokens that stop working before their `expires_at`.
    public struct EarlyTokenExpiry: Sendable, Equatable {
        /// Share of issued tokens affected.
        public var rate: Double
        /// Their real lifetime.
        public var afterSeconds: Double
        public init(rate: Double, afterSeconds: Double) {
            self.rate = rate
            self.afterSeconds = afterSeconds
        }
    }

    /// Resources of a kind ("server", "volume") that go to ERROR instead of becoming ready.
    public struct ResourceErrors: Sendable, Equatable {
        public var kind: String
        public var rate: Double
        public init(kind: String, rate: Double) {
            self.kind = kind
            self.rate = rate
        }
    }

    public var latency: [Latency] = []
    public var errors: [ErrorResponses] = []
    public var drops: [Drops] = []
    public var earlyTokenExpiry: EarlyTokenExpiry?
    public var resourceErrors: [ResourceErrors] = []
    /// Reseeds the fault generator when the plan is installed, for a reproducible run.
    public var seed: UInt64?

    public init() {}

    public var isEmpty: Bool {
        latency.isEmpty && errors.isEmpty && drops.isEmpty && earlyTokenExpiry == nil && resourceErrors.isEmpty
    }
}
