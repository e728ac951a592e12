import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The one responder: finds the service and route, applies the fault plan, checks the token,
/// negotiates the microversion, runs the handler and renders errors in the service's format.
struct Dispatcher: HTTPResponder {
    typealias Context = EmulatorRequestContext

    let environment: EmulatorEnvironment
    let control: ControlAPI
    let logger: Logger
    private let services: [String: (service: any EmulatedService, table: RouteTable)]
    static let maximumBodyBytes = 64 * 1024 * 1024

    init(environment: EmulatorEnvironment, logger: Logger) {
        self.environment = environment
        self.logger = logger
        control = ControlAPI(environment: environment)
        var services: [String: (service: any EmulatedService, table: RouteTable)] = [:]
        for service in environment.services {
            services[service.pathPrefix] = (service, RouteTable(service.routes()))
        }
        self.services = services
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        guard let log = environment.config.requestLog else { return try await dispatch(request, context: context).response }
        let started = ContinuousClock.now
        let (response, dropped) = try await dispatch(request, context: context)
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let outcome = dropped ? "dropped" : String(response.status.code)
        log("\(request.method.rawValue) \(request.uri.path) \(outcome) \(Int(milliseconds.rounded())) ms")
        return response
    }

    /// The response, and whether the connection was dropped instead (the response is then never written).
    private func dispatch(_ request: Request, context: Context) async throws -> (response: Response, dropped: Bool) {
        let segments = request.uri.path.split(separator: "/", omittingEmptySubsequences: true)
            .map { QueryItems.decode($0, plusIsSpace: false) }
        if segments.first == ControlAPI.prefix {
            let answer = await control.handle(request, segments: Array(segments.dropFirst()))
            return (ResponseWriting.response(answer, layout: .python, head: false), false)
        }
        guard let first = segments.first, let entry = services[first] else {
            return (ResponseWriting.response(Self.serverNotFound(), layout: .python, head: request.method == .head), false)
        }
        let service = entry.service
        let match = entry.table.match(
            method: request.method, path: segments, headFallsBackToGet: service.conventions.headFallsBackToGet)
        let template: String
        switch match {
        case .found(let route, _): template = route.template
        case .wrongMethod(_, let routeTemplate): template = routeTemplate
        case .notFound: template = "/\(first)/*"
        }
        let method = request.method.rawValue
        environment.stats.recordRequest(service: service.name, method: method, route: template)
        var record = RecordedRequest(
            service: service.name, method: method, path: request.uri.path, query: request.uri.query ?? "",
            apiVersion: request.headers[values: HTTPField.Name("OpenStack-API-Version")!].first,
            novaAPIVersion: request.headers[values: HTTPField.Name("X-OpenStack-Nova-API-Version")!].first)
        defer { environment.journal.append(record) }

        let decision = environment.faults.decide(service: service.name, method: method, route: template)
        if let delay = decision.latencySeconds {
            environment.stats.recordDelay()
            try? await Task.sleep(for: .seconds(delay))
        }
        if decision.dropBefore {
            environment.stats.recordDrop(after: false)
            await context.dropConnection()
            return (Response(status: .internalServerError), true)
        }
        if decision.dropAfter, let late = decision.processedAfter, decision.error == nil {
            record.status = nil
            await dropThenProcess(request, service: service, match, after: late, context: context)
            return (Response(status: .internalServerError), true)
        }
        let exchange = Exchange(
            request: request, service: service, requestID: Identifiers.requestID(), environment: environment, logger: logger)
        var response: EmulatorResponse
        if let error = decision.error {
            environment.stats.recordInjectedError()
            response = exchange.injectedError(status: error.status, retryAfter: error.retryAfter)
        } else {
            response = await exchange.process(match)
        }
        record.status = response.status
        if decision.dropAfter {
            record.status = nil
            environment.stats.recordDrop(after: true)
            await context.dropConnection()
            return (Response(status: .internalServerError), true)
        }
        environment.stats.recordStatus(response.status)
        if response.status == 401, case .keystone = service.conventions.unauthorized, response.header("WWW-Authenticate") == nil {
            response.setHeader("WWW-Authenticate", "Keystone uri=\"\(environment.baseURL)/\(IdentityService.prefix)/v3\"")
        }
        for header in service.conventions.constantHeaders where response.header(header.name) == nil {
            response.addHeader(header.name, header.value)
        }
        return (ResponseWriting.response(response, layout: service.conventions.jsonLayout, head: request.method == .head), false)
    }

    /// A dropped request that the service processes only after the connection has closed
    /// (FaultPlan's `processed_after_ms`): its body is read first, then the connection closes,
    /// and the request runs later on its own, as in a service still working when its proxy
    /// gave up.
    private func dropThenProcess(_ request: Request, service: any EmulatedService, _ match: RouteMatch, after seconds: Double,
                                 context: Context) async {
        var held = request
        _ = try? await held.collectBody(upTo: Self.maximumBodyBytes)
        environment.stats.recordDrop(after: true)
        await context.dropConnection()
        let exchange = Exchange(request: held, service: service, requestID: Identifiers.requestID(), environment: environment, logger: logger)
        Task {
            try? await Task.sleep(for: .seconds(seconds))
            _ = await exchange.process(match)
        }
    }

    /// A path under no service: what devstack's Apache answers.
    static func serverNotFound() -> EmulatorResponse {
        let html = "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title>\n"
            + "</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n"
        return EmulatorResponse(status: 404, headers: [("Content-Type", "text/html; charset=iso-8859-1")], body: .text(html))
    }
}
