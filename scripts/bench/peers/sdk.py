"""The peers benchmark's workloads in openstacksdk, written as its documentation shows them.

openstacksdk is synchronous: every call blocks until its answer, and its waiters
(`compute.wait_for_server`, `block_storage.wait_for_status`, `wait_for_delete`) poll one
resource at a time, every `interval` seconds (2 by default). Its only concurrency is the
caller's own threads, so the server workload comes in two forms: `servers-seq`, one call at a
time, and `servers-threads`, one thread per server (concurrent.futures.ThreadPoolExecutor).

    python sdk.py flavors
    python sdk.py gets SERVER_ID COUNT
    python sdk.py servers-seq|servers-threads COUNT PREFIX
    python sdk.py image FILE OUT NAME

Credentials come from the OS_* variables (openstack.connect() reads them as the cloud
`envvars`), as scripts/bench/peers.sh sets them.
"""
import sys
from concurrent.futures import ThreadPoolExecutor

import openstack


def flavors(conn):
    return len(list(conn.compute.flavors()))


def gets(conn, server_id, count):
    for _ in range(int(count)):
        conn.compute.get_server(server_id)
    return count


def references(conn):
    """The ids `create_server` needs: the proxy layer takes ids, not names."""
    image = conn.image.find_image("cirros", ignore_missing=False)
    flavor = conn.compute.find_flavor("m1.tiny", ignore_missing=False)
    network = conn.network.find_network("public", ignore_missing=False)
    return image.id, flavor.id, network.id


def servers_sequential(conn, count, prefix):
    """One call at a time, a phase over every server before the next phase, so that the
    servers build while the loop creates the others: the fastest one-call-at-a-time order."""
    image, flavor, network = references(conn)
    names = [f"{prefix}{i}" for i in range(1, int(count) + 1)]
    pairs = []
    for name in names:
        volume = conn.block_storage.create_volume(name=name, size=1)
        server = conn.compute.create_server(
            name=name, image_id=image, flavor_id=flavor, networks=[{"uuid": network}])
        pairs.append((server, volume))
    for server, volume in pairs:
        conn.compute.wait_for_server(server)
        conn.block_storage.wait_for_status(volume, "available")
    for server, volume in pairs:
        conn.compute.create_volume_attachment(server, volume)
        conn.block_storage.wait_for_status(volume, "in-use")
    for server, _ in pairs:
        conn.compute.delete_server(server)
    for server, volume in pairs:
        conn.compute.wait_for_delete(server)
        conn.block_storage.delete_volume(volume)
    for _, volume in pairs:
        conn.block_storage.wait_for_delete(volume)
    return len(pairs)


def one_server(conn, ids, name):
    """One server's whole life, as the stackrun task does it."""
    image, flavor, network = ids
    volume = conn.block_storage.create_volume(name=name, size=1)
    server = conn.compute.create_server(
        name=name, image_id=image, flavor_id=flavor, networks=[{"uuid": network}])
    server = conn.compute.wait_for_server(server)
    conn.block_storage.wait_for_status(volume, "available")
    conn.compute.create_volume_attachment(server, volume)
    conn.block_storage.wait_for_status(volume, "in-use")
    conn.compute.delete_server(server)
    conn.compute.wait_for_delete(server)
    conn.block_storage.delete_volume(volume)
    conn.block_storage.wait_for_delete(volume)
    return name


def servers_threads(conn, count, prefix):
    ids = references(conn)
    names = [f"{prefix}{i}" for i in range(1, int(count) + 1)]
    with ThreadPoolExecutor(max_workers=len(names)) as pool:
        done = list(pool.map(lambda name: one_server(conn, ids, name), names))
    return len(done)


def image(conn, file, out, name):
    """Upload (create_image with a filename: openstacksdk hashes the file first, MD5 and
    SHA-256, to find an identical image), then a streamed download to a file, then delete."""
    created = conn.image.create_image(
        name, filename=file, disk_format="raw", container_format="bare", wait=True)
    conn.image.download_image(created, output=out, stream=True)
    conn.image.delete_image(created)
    return created.size


WORKLOADS = {"flavors": flavors, "gets": gets, "servers-seq": servers_sequential,
             "servers-threads": servers_threads, "image": image}

if __name__ == "__main__":
    connection = openstack.connect()
    print(WORKLOADS[sys.argv[1]](connection, *sys.argv[2:]))
