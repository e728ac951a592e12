internal import CCurl
internal import CStackrun
import Logging

/// A transfer started with `EventLoop.start`, which its starter may cancel.
@LoopActor
public final class TransferHandle {
    fileprivate let transfer: Transfer

    fileprivate init(_ transfer: Transfer) { self.transfer = transfer }

    /// Aborts the transfer if it is still running; its completion then receives `cancelled`.
    /// Nothing happens if it already completed.
    public func cancel() { EventLoop.shared.core.cancel(transfer) }
}

extension EventLoop {
    /// Starts `request`; `completion` runs on the loop when it ends (never synchronously).
    @LoopActor
    @discardableResult
    public func start(
        _ request: HTTPRequest,
        completion: @escaping @LoopActor (Result<HTTPResponse, TransportError>) -> Void
    ) -> TransferHandle {
        core.start(request, completion: completion)
    }

    /// Performs `request` from async Swift; cancelling the calling task aborts the transfer.
    @LoopActor
    public func perform(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let box = HandleBox()
        let result: Result<HTTPResponse, TransportError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                box.handle = start(request) { continuation.resume(returning: $0) }
                if Task.isCancelled { box.handle?.cancel() }
            }
        } onCancel: {
            // Runs on whatever thread cancelled the task: hop to the loop, after the start above.
            execute { box.handle?.cancel() }
        }
        return try result.get()
    }
}

@LoopActor
private final class HandleBox {
    var handle: TransferHandle?
}

let transportLogger = Logger(label: "stackrun.transport")

extension LoopCore {
    func start(
        _ request: HTTPRequest,
        completion: @escaping @LoopActor (Result<HTTPResponse, TransportError>) -> Void
    ) -> TransferHandle {
        let easy = takeEasyHandle()
        let transfer = Transfer(easy: easy, request: request, completion: completion)
        transfer.lifecycle.start()
        do {
            try transfer.configure()
        } catch {
            returnEasyHandle(easy)
            _ = transfer.lifecycle.cancel()
            EventLoop.shared.execute { completion(.failure(error)) }
            return TransferHandle(transfer)
        }
        if request.tls.insecure { warnInsecure(request.url) }
        transfers[easy] = transfer
        fitConnectionCache()
        sr_curl_multi_add_handle(multi, easy)
        return TransferHandle(transfer)
    }

    func cancel(_ transfer: Transfer) {
        switch transfer.lifecycle.cancel() {
        case .nothing:
            return
        case .deliverCancelled:
            break
        case .removeAndDeliverCancelled:
            if transfers.removeValue(forKey: transfer.easy) != nil {
                sr_curl_multi_remove_handle(multi, transfer.easy)
                returnEasyHandle(transfer.easy)
            }
        }
        transfer.download?.discard()
        let error = transfer.error(.cancelled, "the request was cancelled", sent: true)
        EventLoop.shared.execute { transfer.completion(.failure(error)) }
    }

    private func warnInsecure(_ url: String) {
        let host = hostOf(url)
        guard insecureHostsWarned.insert(host).inserted else { return }
        transportLogger.warning("TLS verification is off for \(host): the server's identity is not checked")
    }
}

