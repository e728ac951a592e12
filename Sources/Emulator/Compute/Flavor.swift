/// A Nova flavor. Servers keep a copy of theirs, as Nova embeds the flavor in the instance.
struct Flavor: Sendable, Equatable {
    var id: String
    var name: String
    var ram: Int
    var disk: Int
    var vcpus: Int
    var swap = 0
    var ephemeral = 0
    var rxtxFactor = 1.0
    var isPublic = true
    var disabled = false
    var description: String?
    var extraSpecs = EmulatorJSONObject()

    /// devstack's flavors: realstack seeds the first three with these ids and sizes.
    static let seeded: [Flavor] = [
        Flavor(id: "1", name: "m1.tiny", ram: 512, disk: 1, vcpus: 1),
        Flavor(id: "2", name: "m1.small", ram: 2048, disk: 20, vcpus: 1),
        Flavor(id: "3", name: "m1.medium", ram: 4096, disk: 40, vcpus: 2),
        Flavor(id: "4", name: "m1.large", ram: 8192, disk: 80, vcpus: 4),
    ]

    /// `GET /flavors`: id, name, links (and the description from 2.55).
    func summary(baseURL: String, version: APIVersion) -> EmulatorJSON {
        var object: EmulatorJSONObject = ["id": .string(id), "name": .string(name), "links": links(baseURL)]
        if version >= APIVersion(2, 55) { object["description"] = .optional(description) }
        return .object(object)
    }

    /// `GET /flavors/detail` and `GET /flavors/{id}`.
    func detail(baseURL: String, version: APIVersion) -> EmulatorJSON {
        var object: EmulatorJSONObject = [
            "id": .string(id), "name": .string(name), "ram": .int(ram), "disk": .int(disk),
            // Before 2.75 Nova writes a zero swap as an empty string.
            "swap": swap == 0 && version < APIVersion(2, 75) ? "" : .int(swap),
            "OS-FLV-EXT-DATA:ephemeral": .int(ephemeral), "OS-FLV-DISABLED:disabled": .bool(disabled),
            "vcpus": .int(vcpus), "os-flavor-access:is_public": .bool(isPublic),
            "rxtx_factor": rxtxFactor == 0 ? "" : .double(rxtxFactor), "links": links(baseURL),
        ]
        if version >= APIVersion(2, 55) { object["description"] = .optional(description) }
        if version >= APIVersion(2, 61) { object["extra_specs"] = .object(extraSpecs) }
        return .object(object)
    }

    /// The flavor as a server shows it: a link before 2.47, the sizes from 2.47 on.
    func embedded(baseURL: String, version: APIVersion) -> EmulatorJSON {
        if version >= APIVersion(2, 47) {
            return [
                "vcpus": .int(vcpus), "ram": .int(ram), "disk": .int(disk), "ephemeral": .int(ephemeral), "swap": .int(swap),
                "original_name": .string(name), "extra_specs": .object(extraSpecs),
            ]
        }
        return ["id": .string(id), "links": [["rel": "bookmark", "href": .string(NovaLinks.bookmark(baseURL, "flavors", id))]]]
    }

    private func links(_ baseURL: String) -> EmulatorJSON {
        NovaLinks.pair(baseURL, "flavors", id)
    }
}

/// Nova's `self` and `bookmark` links: the bookmark leaves out the version segment.
enum NovaLinks {
    static func selfLink(_ baseURL: String, _ collection: String, _ id: String) -> String {
        "\(baseURL)/compute/v2.1/\(collection)/\(id)"
    }

    static func bookmark(_ baseURL: String, _ collection: String, _ id: String) -> String {
        "\(baseURL)/compute/\(collection)/\(id)"
    }

    static func pair(_ baseURL: String, _ collection: String, _ id: String) -> EmulatorJSON {
        [
            ["rel": "self", "href": .string(selfLink(baseURL, collection, id))],
            ["rel": "bookmark", "href": .string(bookmark(baseURL, collection, id))],
        ]
    }
}
