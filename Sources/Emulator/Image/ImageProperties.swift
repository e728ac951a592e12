import Foundation

/// Setting one image property, as create and PATCH do, with Glance's schema errors (400),
/// read-only and reserved attributes (403), and its policy on `public` and `owner`.
enum ImageProperties {
    static func schemaError(_ detail: String) -> ServiceError {
        .badRequest("Provided object does not match schema 'image': \(detail)")
    }


    /// Rejects what no one may set, whatever the value.
    static func checkWritable(_ key: String) throws(ServiceError) {
        if ImageAttributes.readOnly.contains(key) { throw ServiceError.forbidden("Attribute '\(key)' is read-only.") }
        if ImageAttributes.reserved.contains(key) { throw ServiceError.forbidden("Attribute '\(key)' is reserved.") }
    }

    /// Sets `key` to `value` on `image`; a null value for an additional property removes it.
    static func set(_ key: String, _ value: EmulatorJSON, on image: inout ImageRecord, auth: AuthContext) throws(ServiceError) {
        try checkWritable(key)
        switch key {
        case "name":
            image.name = try optionalString(value, maxLength: 255)
        case "disk_format":
            image.diskFormat = try enumValue(value, ImageAttributes.diskFormats)
        case "container_format":
            image.containerFormat = try enumValue(value, ImageAttributes.containerFormats)
        case "visibility":
            guard let text = value.stringValue, ImageAttributes.visibilities.contains(text) else {
                throw schemaError("\(PythonRepr.repr(value)) is not one of ['community', 'public', 'private', 'shared']")
            }
            if text == "public" && !auth.isAdmin { throw ServiceError.forbidden("You are not authorized to complete publicize_image action.") }
            image.visibility = text
        case "protected", "os_hidden":
            guard let flag = value.boolValue else { throw schemaError("\(PythonRepr.repr(value)) is not of type 'boolean'") }
            if key == "protected" { image.isProtected = flag } else { image.hidden = flag }
        case "min_ram", "min_disk":
            guard let number = value.intValue else { throw schemaError("\(PythonRepr.repr(value)) is not of type 'integer'") }
            guard number >= 0 else { throw schemaError("\(number) is less than the minimum of 0") }
            if key == "min_ram" { image.minRAM = number } else { image.minDisk = number }
        case "owner":
            let owner = try optionalString(value, maxLength: 255)
            guard auth.isAdmin || owner == image.owner else { throw ServiceError.forbidden("Owner can't be updated by non admin.") }
            image.owner = owner
        case "tags":
            guard let items = value.arrayValue else { throw schemaError("\(PythonRepr.repr(value)) is not of type 'array'") }
            var tags: [String] = []
            for item in items {
                guard let tag = item.stringValue else { throw schemaError("\(PythonRepr.repr(item)) is not of type 'string'") }
                guard tag.count <= 255 else { throw schemaError("'\(tag)' is too long") }
                if !tags.contains(tag) { tags.append(tag) }
            }
            image.tags = tags
        default:
            if value.isNull {
                image.properties[key] = nil
                return
            }
            guard let text = value.stringValue else { throw schemaError("\(PythonRepr.repr(value)) is not of type 'string'") }
            guard key.count <= 255 else { throw ServiceError.badRequest("Custom property should not be greater than 255 characters.") }
            image.properties[key] = .string(text)
        }
    }

    static func optionalString(_ value: EmulatorJSON, maxLength: Int) throws(ServiceError) -> String? {
        if value.isNull { return nil }
        guard let text = value.stringValue else { throw schemaError("\(PythonRepr.repr(value)) is not of type 'string', 'null'") }
        guard text.count <= maxLength else { throw schemaError("'\(text)' is too long") }
        return text
    }

    static func enumValue(_ value: EmulatorJSON, _ allowed: [String]) throws(ServiceError) -> String? {
        if value.isNull { return nil }
        guard let text = value.stringValue, allowed.contains(text) else {
            let list = "[None, " + allowed.map { "'\($0)'" }.joined(separator: ", ") + "]"
            throw schemaError("\(PythonRepr.repr(value)) is not one of \(list)")
        }
        return text
    }
}
