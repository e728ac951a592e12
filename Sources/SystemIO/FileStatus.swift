internal import Glibc

/// What `stat` says about a file, kept to what the runner checks: its type, size, permission
/// bits and owner. A file holding secrets should be the user's own and unreadable to others.
public struct FileStatus: Sendable, Equatable {
    public let isRegularFile: Bool
    public let isDirectory: Bool
    public let size: Int
    /// The permission bits (`0o600`), without the file type.
    public let permissions: UInt32
    public let ownerID: UInt32
    /// Which file this is (device and inode): a path renamed over keeps its name, not this.
    public let identity: [UInt64]
    /// When its contents last changed, in nanoseconds since the epoch: what orders files that
    /// were written one after another (at the file system's timestamp granularity).
    public let modifiedNanoseconds: Int64

    init(_ info: stat) {
        isRegularFile = (info.st_mode & S_IFMT) == S_IFREG
        isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
        size = Int(info.st_size)
        permissions = UInt32(info.st_mode & 0o7777)
        ownerID = UInt32(info.st_uid)
        identity = [UInt64(info.st_dev), UInt64(info.st_ino)]
        modifiedNanoseconds = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    }

    /// No permission for the group or others (0600, 0400, 0700...).
    public var isPrivateToOwner: Bool { permissions & 0o077 == 0 }

    /// Owned by the user this process runs as.
    public var isOwnedByCurrentUser: Bool { ownerID == UInt32(geteuid()) }
}
