"""Neutron: networks, subnets, ports, routers, floating IPs, security groups, tags, quotas, lists
and errors. Demo creates everything in its own project and deletes it again at the end, so the
real cloud is left as it was found."""

from identity_steps import password_auth

ZERO = "00000000-0000-0000-0000-000000000000"


def request(method, path, user="demo", **options):
    """A Neutron request with a token of this module's own (the identity steps revoke theirs)."""
    return dict(service="network", method=method, path="/v2.0" + path,
                headers={"X-Auth-Token": "{network_" + user + "}"}, **options)


def login(user):
    def capture(cloud, response):
        if response.status == 201:
            cloud.values["network_" + user] = response.headers["x-subject-token"]
    return dict(name="network login " + user, capture=capture, request=lambda c: dict(
        service="identity", method="POST", path="/v3/auth/tokens?nocatalog",
        json=password_auth(user, c.passwords[user], user)))


def capture(name, resource, key="id"):
    def store(cloud, response):
        if response.status in (200, 201):
            cloud.values[name] = response.json()[resource][key]
    return store


def capture_first(name, collection):
    def store(cloud, response):
        if response.status == 200 and response.json()[collection]:
            cloud.values[name] = response.json()[collection][0]["id"]
    return store


def fill(value, values):
    """The value with "{name}" placeholders in its strings replaced by captured values."""
    if isinstance(value, str):
        return value.format(**values)
    if isinstance(value, dict):
        return {key: fill(member, values) for key, member in value.items()}
    if isinstance(value, list):
        return [fill(member, values) for member in value]
    return value


def step(name, method, path, user="demo", capture=None, **options):
    entry = dict(name=name, request=lambda c: request(method, path.format(**c.values), user, **fill(options, c.values)))
    if capture:
        entry["capture"] = capture
    return entry


STEPS = [
    login("admin"),
    login("demo"),
    step("network list", "GET", "/networks"),
    step("network list public (admin)", "GET", "/networks?name=public", user="admin", capture=capture_first("public_id", "networks")),
    step("network create", "POST", "/networks", json={"network": {"name": "diff-net", "description": "differential"}},
         capture=lambda c, r: (capture("net_id", "network")(c, r), capture("project_id", "network", "tenant_id")(c, r))),
    step("network show", "GET", "/networks/{net_id}"),
    step("network show fields", "GET", "/networks/{net_id}?fields=name&fields=status"),
    step("network update", "PUT", "/networks/{net_id}", json={"network": {"name": "diff-net2"}}),
    step("network create unknown attribute", "POST", "/networks", json={"network": {"name": "x", "bogus": 1}}),
    step("network create shared as demo", "POST", "/networks", json={"network": {"name": "x", "shared": True}}),
    step("network create bad boolean", "POST", "/networks", json={"network": {"admin_state_up": "maybe"}}),
    step("network create without body", "POST", "/networks", json={"nets": {}}),
    step("network show missing", "GET", "/networks/" + ZERO),
    step("network list unknown filter", "GET", "/networks?bogus=1"),
    step("network list bad limit", "GET", "/networks?limit=abc"),
    step("network list bad sort", "GET", "/networks?sort_key=bogus&sort_dir=asc"),
    step("network wrong method", "PATCH", "/networks/{net_id}"),
    step("unknown collection", "GET", "/bogus"),
    step("subnet create", "POST", "/subnets", capture=capture("subnet_id", "subnet"), json={"subnet": {
        "network_id": "{net_id}", "cidr": "10.250.0.0/24", "ip_version": 4, "name": "diff-subnet"}}),
    step("subnet create overlapping", "POST", "/subnets", json={"subnet": {
        "network_id": "{net_id}", "cidr": "10.250.0.128/25", "ip_version": 4}}),
    step("subnet create bad cidr", "POST", "/subnets", json={"subnet": {"network_id": "{net_id}", "cidr": "abc", "ip_version": 4}}),
    step("subnet create no ip_version", "POST", "/subnets", json={"subnet": {"network_id": "{net_id}", "cidr": "10.251.0.0/24"}}),
    step("subnet create gateway in pool", "POST", "/subnets", json={"subnet": {
        "network_id": "{net_id}", "cidr": "10.251.0.0/24", "ip_version": 4, "gateway_ip": "10.251.0.10",
        "allocation_pools": [{"start": "10.251.0.5", "end": "10.251.0.20"}]}}),
    step("subnet show", "GET", "/subnets/{subnet_id}"),
    step("subnet show missing", "GET", "/subnets/" + ZERO),
    step("port create", "POST", "/ports", capture=capture("port_id", "port"), json={"port": {
        "network_id": "{net_id}", "name": "diff-port"}}),
    step("port create fixed ip", "POST", "/ports", capture=capture("port2_id", "port"), json={"port": {
        "network_id": "{net_id}", "fixed_ips": [{"ip_address": "10.250.0.50"}]}}),
    step("port create address taken", "POST", "/ports", json={"port": {
        "network_id": "{net_id}", "fixed_ips": [{"ip_address": "10.250.0.50"}]}}),
    step("port create address off network", "POST", "/ports", json={"port": {
        "network_id": "{net_id}", "fixed_ips": [{"ip_address": "10.99.0.9"}]}}),
    step("port create bad mac", "POST", "/ports", json={"port": {"network_id": "{net_id}", "mac_address": "zz"}}),
    step("port create on public as demo", "POST", "/ports", json={"port": {"network_id": "{public_id}"}}),
    step("port show", "GET", "/ports/{port_id}"),
    step("port show (admin)", "GET", "/ports/{port_id}", user="admin"),
    step("port list page", "GET", "/ports?network_id={net_id}&limit=1"),
    step("port list fixed_ips filter", "GET", "/ports?fixed_ips=ip_address%3D10.250.0.50"),
    step("port update", "PUT", "/ports/{port_id}", json={"port": {"name": "diff-port2"}}),
    step("port show missing", "GET", "/ports/" + ZERO),
    step("network delete in use", "DELETE", "/networks/{net_id}"),
    step("subnet delete in use", "DELETE", "/subnets/{subnet_id}"),
    step("router create", "POST", "/routers", capture=capture("router_id", "router"), json={"router": {"name": "diff-router"}}),
    step("router create on internal network", "POST", "/routers", json={"router": {
        "name": "x", "external_gateway_info": {"network_id": "{net_id}"}}}),
    step("router set gateway", "PUT", "/routers/{router_id}", json={"router": {
        "external_gateway_info": {"network_id": "{public_id}"}}}),
    step("router add interface", "PUT", "/routers/{router_id}/add_router_interface", json={"subnet_id": "{subnet_id}"}),
    step("router add interface again", "PUT", "/routers/{router_id}/add_router_interface", json={"subnet_id": "{subnet_id}"}),
    step("router add interface nothing", "PUT", "/routers/{router_id}/add_router_interface", json={}),
    step("router show", "GET", "/routers/{router_id}"),
    step("router list", "GET", "/routers?name=diff-router"),
    step("router delete in use", "DELETE", "/routers/{router_id}"),
    step("router show missing", "GET", "/routers/" + ZERO),
    step("floating ip create", "POST", "/floatingips", capture=capture("fip_id", "floatingip"), json={"floatingip": {
        "floating_network_id": "{public_id}"}}),
    step("floating ip create internal", "POST", "/floatingips", json={"floatingip": {"floating_network_id": "{net_id}"}}),
    step("floating ip associate", "PUT", "/floatingips/{fip_id}", json={"floatingip": {"port_id": "{port_id}"}}),
    step("floating ip show", "GET", "/floatingips/{fip_id}"),
    step("floating ip list", "GET", "/floatingips?port_id={port_id}"),
    step("router remove interface used by fip", "PUT", "/routers/{router_id}/remove_router_interface",
         json={"subnet_id": "{subnet_id}"}),
    step("floating ip disassociate", "PUT", "/floatingips/{fip_id}", json={"floatingip": {"port_id": None}}),
    step("floating ip delete", "DELETE", "/floatingips/{fip_id}"),
    step("floating ip show missing", "GET", "/floatingips/{fip_id}"),
    step("security group list default", "GET", "/security-groups?name=default"),
    step("security group create", "POST", "/security-groups", capture=capture("sg_id", "security_group"), json={
        "security_group": {"name": "diff-sg", "description": "differential"}}),
    step("security group create default", "POST", "/security-groups", json={"security_group": {"name": "default"}}),
    step("security group rule create", "POST", "/security-group-rules", capture=capture("rule_id", "security_group_rule"), json={
        "security_group_rule": {"security_group_id": "{sg_id}", "direction": "ingress", "protocol": "tcp",
                                "port_range_min": 22, "port_range_max": 22, "remote_ip_prefix": "0.0.0.0/0"}}),
    step("security group rule duplicate", "POST", "/security-group-rules", json={
        "security_group_rule": {"security_group_id": "{sg_id}", "direction": "ingress", "protocol": "tcp",
                                "port_range_min": 22, "port_range_max": 22, "remote_ip_prefix": "0.0.0.0/0"}}),
    step("security group rule bad range", "POST", "/security-group-rules", json={
        "security_group_rule": {"security_group_id": "{sg_id}", "direction": "ingress", "protocol": "tcp",
                                "port_range_min": 30, "port_range_max": 22}}),
    step("security group rule bad direction", "POST", "/security-group-rules", json={
        "security_group_rule": {"security_group_id": "{sg_id}", "direction": "sideways"}}),
    step("security group show", "GET", "/security-groups/{sg_id}"),
    step("security group rule show", "GET", "/security-group-rules/{rule_id}"),
    step("security group rule list", "GET", "/security-group-rules?security_group_id={sg_id}&limit=1"),
    step("security group update", "PUT", "/security-groups/{sg_id}", json={"security_group": {"name": "diff-sg2"}}),
    step("security group show missing", "GET", "/security-groups/" + ZERO),
    step("tag add", "PUT", "/networks/{net_id}/tags/red"),
    step("tag list", "GET", "/networks/{net_id}/tags"),
    step("tag check", "GET", "/networks/{net_id}/tags/red"),
    step("tag check missing", "GET", "/networks/{net_id}/tags/green"),
    step("tags replace", "PUT", "/networks/{net_id}/tags", json={"tags": ["b", "a"]}),
    step("tags replace duplicate", "PUT", "/networks/{net_id}/tags", json={"tags": ["a", "a"]}),
    step("network list by tag", "GET", "/networks?tags=a&fields=name&fields=tags"),
    step("tag delete", "DELETE", "/networks/{net_id}/tags/a"),
    step("tags clear", "DELETE", "/networks/{net_id}/tags"),
    step("tags on missing network", "PUT", "/networks/" + ZERO + "/tags/red"),
    step("quota show", "GET", "/quotas/{project_id}"),
    step("quota details", "GET", "/quotas/{project_id}/details"),
    step("quota list as demo", "GET", "/quotas"),
    step("extension show", "GET", "/extensions/router"),
    step("security group rule delete", "DELETE", "/security-group-rules/{rule_id}"),
    step("security group rule delete again", "DELETE", "/security-group-rules/{rule_id}"),
    step("security group delete", "DELETE", "/security-groups/{sg_id}"),
    step("router remove interface", "PUT", "/routers/{router_id}/remove_router_interface", json={"subnet_id": "{subnet_id}"}),
    step("router remove interface again", "PUT", "/routers/{router_id}/remove_router_interface", json={"subnet_id": "{subnet_id}"}),
    step("router delete", "DELETE", "/routers/{router_id}"),
    step("router delete again", "DELETE", "/routers/{router_id}"),
    step("port delete", "DELETE", "/ports/{port_id}"),
    step("port delete second", "DELETE", "/ports/{port2_id}"),
    step("subnet delete", "DELETE", "/subnets/{subnet_id}"),
    step("network delete", "DELETE", "/networks/{net_id}"),
    step("network delete again", "DELETE", "/networks/{net_id}"),
]
