import JSONValue

/// The catalog a token came with: which URL serves each service, per interface and region.
public struct ServiceCatalog: Sendable {
    public struct Endpoint: Sendable, Equatable {
        public let serviceType: String
        public let interface: String
        public let region: String?
        public let url: String
    }

    public let endpoints: [Endpoint]

    init(_ services: [JSON]) {
        var endpoints: [Endpoint] = []
        for service in services {
            guard let type = service["type"]?.stringValue else { continue }
            for endpoint in service["endpoints"]?.arrayValue ?? [] {
                guard let url = endpoint["url"]?.stringValue else { continue }
                endpoints.append(Endpoint(
                    serviceType: type, interface: endpoint["interface"]?.stringValue ?? "public",
                    region: endpoint["region_id"]?.stringValue ?? endpoint["region"]?.stringValue, url: url))
            }
        }
        self.endpoints = endpoints
    }

    /// The endpoint for `service` on `interface` in `region` (any region when nil). Catalog type
    /// aliases are tried in order of preference (block-storage before volumev3 before volume).
    public func endpoint(for service: ServiceType, interface: String, region: String?) throws(OpenStackError) -> Endpoint {
        for type in service.catalogTypes {
            let candidates = endpoints.filter { $0.serviceType == type && $0.interface == interface }
            if let region {
                if let match = candidates.first(where: { $0.region == region }) { return match }
            } else if let match = candidates.first {
                return match
            }
        }
        let offered = Set(endpoints.filter { service.catalogTypes.contains($0.serviceType) }
            .map { "\($0.interface)\($0.region.map { " in \($0)" } ?? "")" }).sorted()
        let wanted = "no \(interface) endpoint for \(service)\(region.map { " in region \($0)" } ?? "")"
        guard !offered.isEmpty else {
            throw OpenStackError(.discovery, "\(wanted): the catalog has no \(service.catalogTypes.joined(separator: "/")) service",
                                 service: service.projectName)
        }
        // The cloud has the service, elsewhere: the region or interface asked for is wrong.
        throw OpenStackError(.configuration, "\(wanted): the catalog offers it only as \(offered.joined(separator: ", ")) "
            + "(check region_name/OS_REGION_NAME and interface/OS_INTERFACE)", service: service.projectName)
    }
}
