import JSONValue
import LuaBridge
import OpenStack
import Transport

extension Runtime {
    /// `upload{file = ... or data = ..., <image fields>}`: creates the image, streams its data,
    /// and waits for it to be active unless `wait = false`. A failed upload deletes the image.
    func setImageUpload(prefix: String, in table: Int32, session: @escaping SessionProvider) {
        lua.setFunction("upload", in: table, name: "\(prefix).upload", isolated { [unowned self] call throws(LuaCallError) in
            var (fields, control) = try call.options(1, waitByDefault: true)
            let given = fields.take("file")?.stringValue
            let data = fields.take("data")
            guard (given == nil) != (data == nil) else { throw .argument(1, "give either 'file' (a path) or 'data' (a string)") }
            if let data { guard case .string = data else { throw .argument(1, "'data' must be a string") } }
            // Checked before the image is created, so that a refused or wrong path leaves
            // nothing behind: the read permission first, then the file itself.
            let file = try given.map { path throws(LuaCallError) in try readablePath(path, call) }
            if let given, let file, !FileAccess.isReadableFile(file) {
                throw .argument(1, "'file' \(given) is not a readable file")
            }
            if case .object(let properties)? = fields.take("properties") {
                for member in properties.members { fields[member.key] = member.value }
            }
            if fields["disk_format"] == nil { fields["disk_format"] = "raw" }
            if fields["container_format"] == nil { fields["container_format"] = "bare" }
            let body = fields
            return try suspend(call, control) { () async throws(OpenStackError) in
                let session = try await session()
                let image = try await session.create(Kinds.image, body)
                guard let id = image["id"]?.stringValue else {
                    throw OpenStackError(.http, "the new image has no id", service: "glance")
                }
                do throws(OpenStackError) {
                    if let file {
                        try await session.uploadImageData(id, file: file)
                    } else if case .string(let bytes)? = data {
                        try await session.uploadImageData(id, bytes: bytes)
                    }
                } catch {
                    await session.discardFailedUpload(id)
                    throw error
                }
                if control.wait { return Self.value(try await session.wait(for: ["active"], Kinds.image, id, control.waitOptions)) }
                return Self.value(try await session.get(Kinds.image, id))
            }
        })
    }

    /// `download(image, path)`: streams the image's data into a file that appears only when complete.
    func setImageDownload(prefix: String, in table: Int32, session: @escaping SessionProvider) {
        lua.setFunction("download", in: table, name: "\(prefix).download", isolated { [unowned self] call throws(LuaCallError) in
            let image = try call.reference(1, Kinds.image)
            let given = try call.string(2)
            let path = try writablePath(given, call)
            return try suspend(call) { () async throws(OpenStackError) in
                let session = try await session()
                let id = try await session.resolveID(image, Kinds.image, option: "image")
                let size = try await session.downloadImageData(id, to: path)
                return Self.value(["path": JSON(given), "bytes": .int(size)])
            }
        })
    }
}
