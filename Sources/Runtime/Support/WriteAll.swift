internal import Glibc

/// Writes every byte to a descriptor, going on after short writes and interruptions; gives up
/// quietly on an error (a closed pipe: there is nowhere left to say so). One call per record or
/// document: a pipe keeps each write of up to 4 KiB whole, so records from different threads do
/// not interleave.
public func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
    bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}
