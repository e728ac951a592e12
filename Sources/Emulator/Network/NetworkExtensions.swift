/// `/network/v2.0/extensions`: the API extensions whose resources and attributes the emulator
/// implements, described as Neutron (Zed) describes them.
enum NetworkExtensions {
    static let path = "/network/v2.0/extensions"

    /// name, alias, description, updated.
    static let supported: [(String, String, String, String)] = [
        ("Allowed Address Pairs", "allowed-address-pairs", "Provides allowed address pairs", "2013-07-23T10:00:00-00:00"),
        ("Distributed Virtual Router", "dvr", "Enables configuration of Distributed Virtual Routers.", "2014-06-1T10:00:00-00:00"),
        ("Empty String Filtering Extension", "empty-string-filtering", "Allow filtering by attributes with empty string value", "2018-05-01T10:00:00-00:00"),
        ("Neutron external network", "external-net", "Adds external network attribute to network resource.", "2013-01-14T10:00:00-00:00"),
        ("Neutron Extra DHCP options", "extra_dhcp_opt", "Extra options configuration for DHCP. For example PXE boot options to DHCP clients can be specified (e.g. tftp-server, server-ip-address, bootfile-name)", "2013-03-17T12:00:00-00:00"),
        ("Neutron Extra Route", "extraroute", "Extra routes configuration for L3 router", "2013-02-01T10:00:00-00:00"),
        ("Atomically add/remove extra routes", "extraroute-atomic", "Edit extra routes of a router on server side by atomically adding/removing extra routes", "2019-07-10T00:00:00+00:00"),
        ("Filter parameters validation", "filter-validation", "Provides validation on filter parameters.", "2018-07-04T10:00:00-00:00"),
        ("Floating IP Port Details Extension", "fip-port-details", "Add port_details attribute to Floating IP resource", "2018-04-09T10:00:00-00:00"),
        ("IP address substring filtering", "ip-substring-filtering", "Provides IP address substring filtering when listing ports", "2017-11-28T09:00:00-00:00"),
        ("Neutron L3 Router", "router", "Router abstraction for basic L3 forwarding between L2 Neutron networks and access to external networks via a NAT gateway.", "2012-07-20T10:00:00-00:00"),
        ("Neutron L3 Configurable external gateway mode", "ext-gw-mode", "Extension of the router abstraction for specifying whether SNAT should occur on the external gateway", "2013-03-28T10:00:00-00:00"),
        ("HA Router extension", "l3-ha", "Adds HA capability to routers.", "2014-04-26T00:00:00-00:00"),
        ("Network MTU", "net-mtu", "Provides MTU attribute for a network resource.", "2015-03-25T10:00:00-00:00"),
        ("Network MTU (writable)", "net-mtu-writable", "Provides a writable MTU attribute for a network resource.", "2017-07-12T00:00:00-00:00"),
        ("Pagination support", "pagination", "Extension that indicates that pagination is enabled.", "2016-06-12T00:00:00-00:00"),
        ("Port Binding", "binding", "Expose port bindings of a virtual port to external application", "2014-02-03T10:00:00-00:00"),
        ("Port Bindings Extended", "binding-extended", "Expose port bindings of a virtual port to external application", "2017-07-17T10:00:00-00:00"),
        ("Port Security", "port-security", "Provides port security", "2012-07-23T10:00:00-00:00"),
        ("project_id field enabled", "project-id", "Extension that indicates that project_id field is enabled.", "2016-09-09T09:09:09-09:09"),
        ("Provider Network", "provider", "Expose mapping of virtual networks to physical networks", "2012-09-07T10:00:00-00:00"),
        ("Quota management support", "quotas", "Expose functions for quotas management per project", "2012-07-29T10:00:00-00:00"),
        ("Quota details management support", "quota_details", "Expose functions for quotas usage statistics per project", "2017-02-10T10:00:00-00:00"),
        ("Resource revision numbers", "standard-attr-revisions", "This extension will display the revision number of neutron resources.", "2016-04-11T10:00:00-00:00"),
        ("Normalized CIDR field for security group rules", "security-groups-normalized-cidr", "Add new field with normalized remote_ip_prefix cidr in SG rule", "2020-07-28T10:00:00-00:00"),
        ("security-group", "security-group", "The security groups extension.", "2012-10-05T10:00:00-00:00"),
        ("Sorting support", "sorting", "Extension that indicates that sorting is enabled.", "2016-06-12T00:00:00-00:00"),
        ("standard-attr-description", "standard-attr-description", "Extension to add descriptions to standard attributes", "2016-02-10T10:00:00-00:00"),
        ("Stateful security group", "stateful-security-group", "Indicates if the security group is stateful or not", "2019-11-26T09:00:00-00:00"),
        ("Subnet service types", "subnet-service-types", "Provides ability to set the subnet service_types field", "2016-03-15T18:00:00-00:00"),
        ("Tag support for resources with standard attribute: port, subnet, subnetpool, network, security_group, router, floatingip, policy, trunk, network_segment_range", "standard-attr-tag", "Enables to set tag on resources with standard attribute.", "2017-01-01T00:00:00-00:00"),
        ("Resource timestamps", "standard-attr-timestamp", "Adds created_at and updated_at fields to all Neutron resources that have Neutron standard attributes.", "2016-09-12T10:00:00-00:00"),
    ]

    static func render(_ entry: (String, String, String, String)) -> EmulatorJSON {
        ["name": .string(entry.0), "alias": .string(entry.1), "description": .string(entry.2), "updated": .string(entry.3), "links": []]
    }

    static var routes: [Route] {
        [
            Route(.get, path) { request in
                _ = try request.requireAuth
                // Neutron ignores `fields=` here.
                return NeutronResponse.json(["extensions": .array(supported.map(render))], layout: .python)
            },
            Route(.get, path + "/{alias}") { request in
                _ = try request.requireAuth
                let alias = request.parameter("alias")
                guard let entry = supported.first(where: { $0.1 == alias }) else {
                    // Neutron answers this one with webob's page, not a NeutronError.
                    let html = "<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n"
                        + "  The resource could not be found.<br /><br />\nExtension with alias \(alias) does not exist\n\n\n </body>\n</html>"
                    return EmulatorResponse(status: 404, headers: [("Content-Type", "text/html; charset=UTF-8")], body: .text(html))
                }
                return NeutronResponse.json(["extension": render(entry)], layout: .python)
            },
        ]
    }
}
