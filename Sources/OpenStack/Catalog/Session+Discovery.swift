import JSONValue
import Transport

extension Session {
    /// The endpoint of `service`: from the catalog (or an override), versioned by discovery
    /// when the URL is not (Glance and Neutron list their versions at the root), with the
    /// microversion range its version document declares. Found once per session; concurrent
    /// first calls share one discovery.
    public func endpoint(_ service: ServiceType) async throws(OpenStackError) -> ServiceEndpoint {
        if let known = endpoints[service] { return known }
        let task: Task<ServiceEndpoint, any Error>
        if let running = discoveries[service] {
            task = running
        } else {
            task = Task { @LoopActor in try await CallDeadline.shared { () async throws(OpenStackError) in try await self.discover(service) } }
            discoveries[service] = task
        }
        do {
            let found = try await task.value
            endpoints[service] = found
            discoveries[service] = nil
            return found
        } catch {
            discoveries[service] = nil
            throw error as? OpenStackError ?? OpenStackError(.discovery, "\(error)", service: service.projectName)
        }
    }

    private func discover(_ service: ServiceType) async throws(OpenStackError) -> ServiceEndpoint {
        let base: String
        let source: String
        if let override = config.endpointOverrides[service.rawValue] {
            base = override
            source = "endpoint override"
        } else if service == .identity {
            base = identityURL
            source = "auth URL"
        } else {
            let token = try await validToken()
            let entry = try token.catalog.endpoint(for: service, interface: config.interface, region: config.region)
            base = entry.url
            source = "catalog (\(entry.interface)\(entry.region.map { ", \($0)" } ?? ""))"
        }
        var url = base
        while url.hasSuffix("/") { url.removeLast() }
        if !Self.isVersioned(url, service) {
            url = try await versionedURL(of: url, service)
        }
        let (minimum, maximum) = try await microversionRange(service, versionedURL: url)
        var chosen: Microversion?
        if let configured = config.apiVersions[service.rawValue].flatMap(Microversion.init) {
            chosen = configured
        } else if let maximum, let ours = Microversion.clientMaximum(service) {
            chosen = min(ours, maximum)
            if let minimum, let value = chosen, value < minimum { chosen = minimum }
        }
        let endpoint = ServiceEndpoint(service: service, url: url, source: source, minimumMicroversion: minimum,
                                       maximumMicroversion: maximum, defaultMicroversion: chosen)
        logger.debug("endpoint found", metadata: [
            "service": "\(service.projectName)", "url": "\(redactingCredentials(url))", "source": "\(source)",
            "microversion": "\(chosen.map(\.description) ?? "-")",
        ])
        return endpoint
    }

    /// Whether the URL already names an API version (".../v2.1", ".../v3/<project>", ".../v2.0").
    static func isVersioned(_ url: String, _ service: ServiceType) -> Bool {
        let segments = URLText(url).map { $0.rest.split(separator: "/") } ?? []
        return segments.contains { segment in
            segment.count >= 2 && segment.first == "v" && segment.dropFirst().allSatisfy { $0.isNumber || $0 == "." }
        }
    }

    /// Follows the version list at an unversioned root to the newest current version's URL.
    private func versionedURL(of root: String, _ service: ServiceType) async throws(OpenStackError) -> String {
        let document = try await fetchVersionDocument(root, service)
        let versions = document["versions"]?["values"]?.arrayValue ?? document["versions"]?.arrayValue ?? []
        let usable = versions.filter { ["CURRENT", "SUPPORTED", "STABLE"].contains($0["status"]?.stringValue?.uppercased() ?? "") }
        let best = usable.max { versionNumber($0["id"]?.stringValue).lexicographicallyPrecedes(versionNumber($1["id"]?.stringValue)) }
        guard let best, let links = best["links"]?.arrayValue,
              var href = links.first(where: { $0["rel"]?.stringValue == "self" })?["href"]?.stringValue
        else {
            throw OpenStackError(.discovery, "\(root) lists no usable API version", service: service.projectName,
                                 method: "GET", url: root)
        }
        while href.hasSuffix("/") { href.removeLast() }
        return href
    }

    /// Microversions the endpoint takes, from its version document; none for services without.
    private func microversionRange(_ service: ServiceType, versionedURL: String) async throws(OpenStackError) -> (Microversion?, Microversion?) {
        guard service.microversionName != nil else { return (nil, nil) }
        // Cinder's catalog URL ends with the project id: its version document is one level up.
        var documentURL = versionedURL
        if service == .blockStorage, let cut = documentURL.range(ofLastSegmentAfter: "/v3") { documentURL = cut }
        let document = try await fetchVersionDocument(documentURL + "/", service)
        var version = document["version"]
        if version == nil {
            let list = document["versions"]?.arrayValue ?? []
            version = list.first { ($0["status"]?.stringValue ?? "").uppercased() == "CURRENT" } ?? list.last
        }
        let maximum = version?["version"]?.stringValue.flatMap(Microversion.init)
        let minimum = version?["min_version"]?.stringValue.flatMap(Microversion.init)
        return (minimum, maximum)
    }

    /// A version document, through the same pipeline as every call (a GET is always safe to
    /// send again).
    private func fetchVersionDocument(_ url: String, _ service: ServiceType) async throws(OpenStackError) -> JSON {
        // Version documents need a token on some clouds and refuse one on none: send it.
        let request = HTTPRequest(url: url, headers: Self.baseHeaders, timeouts: HTTPRequest.Timeouts(connect: 30), tls: config.tls)
        let result = try await run(PipelineRequest(request, service: service.projectName, attemptTimeout: 60))
        let response = result.response
        // Glance answers its version list with 300 Multiple Choices.
        guard (200..<400).contains(response.status), let document = try? JSON.decode(response.body) else {
            let (message, body) = ServiceMessage.extract(from: response)
            var error = OpenStackError(.discovery, "cannot read the version document: \(message ?? "HTTP \(response.status)")",
                                       service: service.projectName, method: "GET", url: redactingCredentials(url), status: response.status,
                                       requestID: RequestID.of(response.headers), body: body)
            error.attempts = result.attempts
            throw error
        }
        return document
    }

    private func versionNumber(_ id: String?) -> [Int] {
        (id ?? "").drop { $0 == "v" }.split(separator: ".").map { Int($0) ?? 0 }
    }
}

extension String {
    /// The text up to and including `marker` when it is followed only by one more segment
    /// ("/volume/v3/abc" -> "/volume/v3" for "/v3").
    func range(ofLastSegmentAfter marker: String) -> String? {
        guard let found = self.ranges(of: marker).last else { return nil }
        let head = String(self[..<found.upperBound])
        let tail = self[found.upperBound...]
        return tail.isEmpty || (tail.first == "/" && !tail.dropFirst().contains("/")) ? head : nil
    }
}
