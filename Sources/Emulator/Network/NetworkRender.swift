/// Resources as Neutron (Zed, ML2/OVS, router plugin) writes them, members in its order.
/// `admin` adds what only admins see (provider attributes, port bindings, router modes).
extension NetworkState {
    func render(_ network: NeutronNetwork, admin: Bool, creating: Bool = false) -> EmulatorJSONObject {
        var object: EmulatorJSONObject = [
            "id": .string(network.id), "name": .string(network.name), "tenant_id": .string(network.projectID),
            "admin_state_up": .bool(network.adminStateUp), "mtu": .int(network.mtu), "status": "ACTIVE",
            "subnets": .array(network.subnetIDs.map(EmulatorJSON.string)), "shared": .bool(network.shared),
            "availability_zone_hints": .array(network.availabilityZoneHints.map(EmulatorJSON.string)), "availability_zones": [],
            "ipv4_address_scope": nil, "ipv6_address_scope": nil, "router:external": .bool(network.external),
            "description": .string(network.standard.description), "port_security_enabled": .bool(network.portSecurityEnabled),
        ]
        // Neutron shows is_default (auto-allocated topology) on external networks, and on creation.
        if network.external || creating { object["is_default"] = .bool(network.isDefault) }
        appendStandard(network.standard, to: &object, projectID: network.projectID)
        if admin {
            object["provider:network_type"] = .string(network.networkType)
            object["provider:physical_network"] = .optional(network.physicalNetwork)
            object["provider:segmentation_id"] = network.segmentationID.map(EmulatorJSON.int) ?? .null
        }
        return object
    }

    func render(_ subnet: NeutronSubnet) -> EmulatorJSONObject {
        var object: EmulatorJSONObject = [
            "id": .string(subnet.id), "name": .string(subnet.name), "tenant_id": .string(subnet.projectID),
            "network_id": .string(subnet.networkID), "ip_version": .int(subnet.ipVersion), "subnetpool_id": nil,
            "enable_dhcp": .bool(subnet.enableDHCP), "ipv6_ra_mode": .optional(subnet.ipv6RAMode),
            "ipv6_address_mode": .optional(subnet.ipv6AddressMode), "gateway_ip": .optional(subnet.gateway?.description),
            "cidr": .string(subnet.cidr.cidr),
            "allocation_pools": .array(subnet.pools.map { ["start": .string($0.start.description), "end": .string($0.end.description)] }),
            "host_routes": .array(subnet.hostRoutes), "dns_nameservers": .array(subnet.dnsNameservers.map(EmulatorJSON.string)),
            "description": .string(subnet.standard.description), "service_types": .array(subnet.serviceTypes.map(EmulatorJSON.string)),
        ]
        appendStandard(subnet.standard, to: &object, projectID: subnet.projectID)
        return object
    }

    func render(_ port: NeutronPort, admin: Bool) -> EmulatorJSONObject {
        var object: EmulatorJSONObject = [
            "id": .string(port.id), "name": .string(port.name), "network_id": .string(port.networkID),
            "tenant_id": .string(port.projectID), "mac_address": .string(port.macAddress),
            "admin_state_up": .bool(port.adminStateUp), "status": .string(port.status), "device_id": .string(port.deviceID),
            "device_owner": .string(port.deviceOwner),
            "fixed_ips": .array(port.fixedIPs.map { ["subnet_id": .string($0.subnetID), "ip_address": .string($0.address.description)] }),
            "allowed_address_pairs": .array(port.allowedAddressPairs), "extra_dhcp_opts": .array(port.extraDHCPOptions),
            "security_groups": .array(port.securityGroups.map(EmulatorJSON.string)), "description": .string(port.standard.description),
            "binding:vnic_type": .string(port.vnicType),
        ]
        if admin {
            object["binding:profile"] = .object(port.bindingProfile)
            object["binding:host_id"] = .string(port.hostID)
            object["binding:vif_type"] = .string(port.vifType)
            object["binding:vif_details"] = .object(port.vifDetails)
        }
        object["port_security_enabled"] = .bool(port.portSecurityEnabled)
        appendStandard(port.standard, to: &object, projectID: port.projectID)
        return object
    }

    func render(_ router: NeutronRouter, admin: Bool) -> EmulatorJSONObject {
        var gateway: EmulatorJSON = .null
        if let info = router.gateway {
            let fixed = ports[info.portID]?.fixedIPs ?? []
            gateway = [
                "network_id": .string(info.networkID),
                "external_fixed_ips": .array(fixed.map { ["subnet_id": .string($0.subnetID), "ip_address": .string($0.address.description)] }),
                "enable_snat": .bool(info.enableSNAT),
            ]
        }
        var object: EmulatorJSONObject = [
            "id": .string(router.id), "name": .string(router.name), "tenant_id": .string(router.projectID),
            "admin_state_up": .bool(router.adminStateUp), "status": .string(router.status), "external_gateway_info": gateway,
            "description": .string(router.standard.description), "availability_zones": [],
        ]
        if admin {
            object["distributed"] = .bool(router.distributed)
            object["ha"] = .bool(router.ha)
        }
        object["availability_zone_hints"] = .array(router.availabilityZoneHints.map(EmulatorJSON.string))
        object["routes"] = .array(router.routes)
        object["flavor_id"] = EmulatorJSON.null
        appendStandard(router.standard, to: &object, projectID: router.projectID)
        return object
    }

    func render(_ fip: NeutronFloatingIP) -> EmulatorJSONObject {
        var details: EmulatorJSON = .null
        if let portID = fip.portID, let port = ports[portID] {
            details = [
                "name": .string(port.name), "network_id": .string(port.networkID), "mac_address": .string(port.macAddress),
                "admin_state_up": .bool(port.adminStateUp), "status": .string(port.status), "device_id": .string(port.deviceID),
                "device_owner": .string(port.deviceOwner),
            ]
        }
        var object: EmulatorJSONObject = [
            "id": .string(fip.id), "tenant_id": .string(fip.projectID), "floating_ip_address": .string(fip.address.description),
            "floating_network_id": .string(fip.networkID), "router_id": .optional(fip.routerID), "port_id": .optional(fip.portID),
            "fixed_ip_address": .optional(fip.fixedAddress?.description), "status": .string(fip.status),
            "description": .string(fip.standard.description), "port_details": details,
        ]
        appendStandard(fip.standard, to: &object, projectID: fip.projectID)
        return object
    }

    func render(_ group: NeutronSecurityGroup) -> EmulatorJSONObject {
        var object: EmulatorJSONObject = [
            "id": .string(group.id), "name": .string(group.name), "stateful": .bool(group.stateful),
            "tenant_id": .string(group.projectID), "description": .string(group.standard.description), "shared": false,
            "security_group_rules": .array(group.ruleIDs.compactMap { securityGroupRules[$0] }.map { .object(render($0, embedded: true)) }),
        ]
        appendStandard(group.standard, to: &object, projectID: group.projectID)
        return object
    }

    /// A rule on its own, or inside its group (where Neutron adds standard_attr_id and tags).
    func render(_ rule: NeutronSecurityGroupRule, embedded: Bool = false) -> EmulatorJSONObject {
        var object: EmulatorJSONObject = [
            "id": .string(rule.id), "tenant_id": .string(rule.projectID), "security_group_id": .string(rule.groupID),
            "ethertype": .string(rule.ethertype), "direction": .string(rule.direction), "protocol": .optional(rule.protocolName),
            "port_range_min": rule.portRangeMin.map(EmulatorJSON.int) ?? .null, "port_range_max": rule.portRangeMax.map(EmulatorJSON.int) ?? .null,
            "remote_ip_prefix": .optional(rule.remoteIPPrefix?.text), "remote_address_group_id": nil,
            "normalized_cidr": .optional(rule.remoteIPPrefix?.cidr), "remote_group_id": .optional(rule.remoteGroupID),
        ]
        if embedded { object["standard_attr_id"] = .int(rule.standard.attributeID) }
        object["description"] = .optional(rule.ruleDescription)
        if embedded { object["tags"] = .array(rule.standard.tags.map(EmulatorJSON.string)) }
        object["created_at"] = .string(Timestamp.format(rule.standard.createdAt, .secondsZ))
        object["updated_at"] = .string(Timestamp.format(rule.standard.updatedAt, .secondsZ))
        object["revision_number"] = .int(rule.standard.revision)
        object["project_id"] = .string(rule.projectID)
        return object
    }

    private func appendStandard(_ standard: StandardAttributes, to object: inout EmulatorJSONObject, projectID: String) {
        object["tags"] = .array(standard.tags.map(EmulatorJSON.string))
        object["created_at"] = .string(Timestamp.format(standard.createdAt, .secondsZ))
        object["updated_at"] = .string(Timestamp.format(standard.updatedAt, .secondsZ))
        object["revision_number"] = .int(standard.revision)
        object["project_id"] = .string(projectID)
    }
}
