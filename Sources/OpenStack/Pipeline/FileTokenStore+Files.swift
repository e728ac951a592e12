import JSONValue
import SystemIO

/// What FileTokenStore trusts: its directory, a file's owner and mode, and the file's format.
extension FileTokenStore {
    /// Makes the directory (0700, parents too) at first use and checks it is the user's own and
    /// private; one made wider by hand is narrowed. False turns the cache off for this run.
    func prepareDirectory() -> Bool {
        if let known = directoryUsable { return known }
        directoryUsable = checkDirectory()
        return directoryUsable ?? false
    }

    private func checkDirectory() -> Bool {
        do {
            try POSIXFile.makeDirectories(directory, permissions: 0o700)
        } catch {
            warn("token cache off: cannot create its directory (\(error.reason))", path: directory)
            return false
        }
        guard let status = POSIXFile.status(directory), status.isDirectory, status.isOwnedByCurrentUser else {
            warn("token cache off: its directory belongs to another user", path: directory)
            return false
        }
        if !status.isPrivateToOwner {
            do {
                try POSIXFile.setPermissions(directory, 0o700)
                warn("token cache directory was open to others; narrowed to 0700", path: directory)
            } catch {
                warn("token cache off: its directory is open to others and cannot be narrowed (\(error.reason))", path: directory)
                return false
            }
        }
        return true
    }

    /// Why a file cannot be trusted to hold a token this user wrote, or nil when it can: another
    /// user could have planted it, or may have read it.
    static func distrust(_ status: FileStatus) -> String? {
        if !status.isRegularFile { return "not a regular file" }
        if !status.isOwnedByCurrentUser { return "owned by another user" }
        if !status.isPrivateToOwner { return "permissions \(octal(status.permissions)) are looser than 0600" }
        return nil
    }

    /// `{"version": 1, "token": ..., "body": {...}}`: the X-Subject-Token value and Keystone's
    /// token body (expires_at, catalog, user, project, roles).
    static func encode(_ token: StoredToken) -> [UInt8]? {
        let file: JSON = .object(["version": .int(1), "token": JSON(token.value.reveal()), "body": .object(token.body)])
        return try? file.encoded()
    }

    /// The token in a file's bytes, or nil when they are not what `encode` writes.
    static func decode(_ bytes: [UInt8]) -> StoredToken? {
        guard let file = (try? JSON.decode(bytes))?.objectValue, file["version"]?.intValue == 1,
              let value = file["token"]?.stringValue, !value.isEmpty,
              let body = file["body"]?.objectValue, body["expires_at"]?.stringValue != nil
        else { return nil }
        return StoredToken(value: Secret(value), body: body)
    }

    private static func octal(_ permissions: UInt32) -> String {
        "0" + String(permissions, radix: 8)
    }
}
