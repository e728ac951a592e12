import Testing
@testable import Transport

/// TransferLifecycle decides, for every order in which curl's completion, a cancellation and a
/// refusing body callback can arrive, which single outcome the starter receives.
@Suite struct TransferLifecycleTests {
    /// The events that can reach a started transfer.
    enum Event: CaseIterable, CustomStringConvertible {
        case abort, cancel, completeOK, completeFailed

        var description: String {
            switch self {
            case .abort: "abort"
            case .cancel: "cancel"
            case .completeOK: "complete(0)"
            case .completeFailed: "complete(28)"
            }
        }
    }

    /// Every sequence of events after start in which curl completes at most once (it reports a
    /// handle done once, and never after the handle was removed).
    static let sequences: [[Event]] = {
        var result: [[Event]] = [[]]
        var frontier: [[Event]] = [[]]
        for _ in 1...4 {
            frontier = frontier.flatMap { prefix in
                Event.allCases.compactMap { event -> [Event]? in
                    let completes = prefix.filter { $0 == .completeOK || $0 == .completeFailed }.count
                    if (event == .completeOK || event == .completeFailed) && completes > 0 { return nil }
                    return prefix + [event]
                }
            }
            result += frontier
        }
        return result
    }()

    /// Applies `events` and returns the outcomes delivered to the starter, in order.
    static func deliveries(_ events: [Event]) -> [String] {
        var lifecycle = TransferLifecycle()
        lifecycle.start()
        var delivered: [String] = []
        for event in events {
            switch event {
            case .abort:
                _ = lifecycle.abort(.bodyTooLarge(limit: 10))
            case .cancel:
                if lifecycle.cancel() != .nothing { delivered.append("cancelled") }
            case .completeOK, .completeFailed:
                let code: Int32 = event == .completeOK ? 0 : 28
                let failure = code == 0 ? nil : (TransportError.Kind.timeout, "timed out")
                switch lifecycle.complete(code: code, failure: failure) {
                case .deliverResponse: delivered.append("response")
                case .deliverError(let kind, _): delivered.append(kind.rawValue)
                case .releaseOnly: break
                }
            }
        }
        return delivered
    }

    @Test(arguments: sequences)
    func atMostOneOutcomeIsDelivered(events: [Event]) {
        let delivered = Self.deliveries(events)
        #expect(delivered.count <= 1, "\(events) delivered \(delivered)")
        let ended = events.contains(.cancel) || events.contains(.completeOK) || events.contains(.completeFailed)
        #expect(delivered.isEmpty == !ended, "\(events) delivered \(delivered)")
    }

    @Test(arguments: sequences)
    func theFirstDecisiveEventWins(events: [Event]) {
        guard let decisive = events.firstIndex(where: { $0 != .abort }) else { return }
        let abortedBefore = events[..<decisive].contains(.abort)
        let expected: String = switch events[decisive] {
        case .cancel: "cancelled"
        // An abort of ours explains curl's write error better than curl can.
        case _ where abortedBefore: TransportError.Kind.tooLarge.rawValue
        case .completeOK: "response"
        case .completeFailed: TransportError.Kind.timeout.rawValue
        case .abort: ""
        }
        #expect(Self.deliveries(events) == [expected], "\(events)")
    }

    @Test func onlyTheFirstAbortStopsCurl() {
        var lifecycle = TransferLifecycle()
        lifecycle.start()
        let first = lifecycle.abort(.fileWrite("disk full"))
        let second = lifecycle.abort(.bodyTooLarge(limit: 1))
        #expect(first && !second)
        #expect(lifecycle.state == .aborting(.fileWrite("disk full")))
        let completion = lifecycle.complete(code: 23, failure: (.other, "write error"))
        #expect(completion == .deliverError(.file, "disk full"))
        #expect(lifecycle.state == .done)
    }

    @Test func anAbortAfterTheEndIsIgnored() {
        var lifecycle = TransferLifecycle()
        lifecycle.start()
        let completion = lifecycle.complete(code: 0, failure: nil)
        let aborted = lifecycle.abort(.fileRead("gone"))
        let cancellation = lifecycle.cancel()
        #expect(completion == .deliverResponse)
        #expect(!aborted)
        #expect(cancellation == .nothing)
    }

    @Test func cancelBeforeStartDeliversWithoutTouchingCurl() {
        var lifecycle = TransferLifecycle()
        let first = lifecycle.cancel()
        let second = lifecycle.cancel()
        #expect(first == .deliverCancelled)
        #expect(second == .nothing)
        #expect(lifecycle.state == .done)
    }

    @Test func cancelWhileAbortingRemovesTheHandle() {
        var lifecycle = TransferLifecycle()
        lifecycle.start()
        _ = lifecycle.abort(.bodyTooLarge(limit: 5))
        let cancellation = lifecycle.cancel()
        let completion = lifecycle.complete(code: 23, failure: nil)
        #expect(cancellation == .removeAndDeliverCancelled)
        #expect(completion == .releaseOnly)
    }

    @Test func aFailureWithoutClassificationStillSaysWhat() {
        var lifecycle = TransferLifecycle()
        lifecycle.start()
        let completion = lifecycle.complete(code: 56, failure: nil)
        #expect(completion == .deliverError(.other, "curl error 56"))
    }

    @Test func abortReasonsBecomeTheirErrors() {
        for (reason, expected) in [
            (TransferLifecycle.AbortReason.bodyTooLarge(limit: 100),
             TransferLifecycle.Completion.deliverError(.tooLarge, "the body is larger than 100 bytes")),
            (.fileWrite("cannot write x"), .deliverError(.file, "cannot write x")),
            (.fileRead("cannot read y"), .deliverError(.file, "cannot read y")),
        ] {
            var lifecycle = TransferLifecycle()
            lifecycle.start()
            _ = lifecycle.abort(reason)
            let completion = lifecycle.complete(code: 23, failure: (.other, "curl's words"))
            #expect(completion == expected)
        }
    }
}
