import Foundation
import Glibc

/// Writes bytes to a fresh loopback connection and closes it without reading: a client that
/// gives up in the middle of a request.
enum RawSocket {
    static func sendAndClose(port: Int, _ bytes: [UInt8]) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            Thread {
                continuation.resume(with: Result {
                    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                    guard descriptor >= 0 else { throw WireError.connect(errno) }
                    defer { close(descriptor) }
                    var address = sockaddr_in()
                    address.sin_family = sa_family_t(AF_INET)
                    address.sin_port = in_port_t(UInt16(port).bigEndian)
                    address.sin_addr.s_addr = inet_addr("127.0.0.1")
                    let connected = withUnsafePointer(to: &address) { pointer in
                        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                            connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                        }
                    }
                    guard connected == 0 else { throw WireError.connect(errno) }
                    _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                    usleep(50_000)
                })
            }.start()
        }
    }
}
