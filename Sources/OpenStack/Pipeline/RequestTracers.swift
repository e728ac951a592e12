public import Logging
import Transport

/// The default trace: one record per answer, "GET url -> 200", with the method, URL, status,
/// milliseconds, request id and service as fields too. At debug level unless the run asks for
/// more (`--log-format json` logs them at info: a collector wants every API call, a person at a
/// terminal does not). Nothing for a request that got no answer: the error the call raises, or
/// its retry, says so.
public struct RequestSummary: RequestTracer {
    private let logger = Logger(label: "stackrun.openstack")
    public let level: Logger.Level

    public init(level: Logger.Level = .debug) {
        self.level = level
    }

    @LoopActor public func willSend(_ request: TracedRequest) {}

    @LoopActor public func didReceive(_ response: TracedResponse) {
        guard let status = response.status else { return }
        let request = response.request
        logger.log(level: level, "\(request.method) \(request.url) -> \(status)", metadata: [
            "method": "\(request.method)", "url": "\(request.url)", "status": .number(status),
            "service": "\(request.service)", "ms": .number(response.milliseconds), "request_id": "\(response.requestID ?? "-")",
        ])
    }
}

/// `--debug`: every request and its answer as two log records at debug level, as
/// `openstack --debug` shows them: method, URL, headers and body going out; status, time,
/// request id, headers and body coming back. Tokens show as fingerprints, other secrets as
/// "***" (TracedText), token requests' bodies not at all, and each body at most `bodyLimit`
/// bytes. `trace` numbers a request and its answer alike, as many are in flight at once.
public struct DebugTracer: RequestTracer {
    public static let defaultBodyLimit = 4096
    public let bodyLimit: Int
    private let logger = Logger(label: "stackrun.http")

    public init(bodyLimit: Int = DebugTracer.defaultBodyLimit) {
        self.bodyLimit = max(0, bodyLimit)
    }

    @LoopActor public func willSend(_ request: TracedRequest) {
        var fields: Logger.Metadata = [
            "http": "request", "trace": .number(request.number), "service": "\(request.service)",
            "attempt": .number(request.attempt), "headers": .array(request.headerLines.map { .string($0) }),
        ]
        if let body = request.shownBody(limit: bodyLimit) { fields["body"] = .string(body) }
        logger.debug("\(request.method) \(request.url)", metadata: fields)
    }

    @LoopActor public func didReceive(_ response: TracedResponse) {
        let request = response.request
        var fields: Logger.Metadata = [
            "http": "response", "trace": .number(request.number), "service": "\(request.service)",
            "ms": .number(response.milliseconds),
        ]
        guard let status = response.status else {
            fields["error"] = "\(response.failure ?? "no answer")"
            logger.debug("\(request.method) \(request.url) -> no answer", metadata: fields)
            return
        }
        fields["status"] = .number(status)
        fields["request_id"] = "\(response.requestID ?? "-")"
        fields["headers"] = .array(response.headerLines.map { .string($0) })
        if let body = response.shownBody(limit: bodyLimit) { fields["body"] = .string(body) }
        logger.debug("\(request.method) \(request.url) -> \(status)", metadata: fields)
    }
}
