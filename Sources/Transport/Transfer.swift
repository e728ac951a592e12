internal import CCurl
internal import CStackrun
internal import Glibc
internal import SystemIO

/// One request in flight: the easy handle's configuration and the response as it arrives.
/// Used only on the loop thread (by LoopCore and by curl's callbacks during curl_multi_perform).
final class Transfer {
    let easy: UnsafeMutableRawPointer
    let request: HTTPRequest
    let completion: @LoopActor (Result<HTTPResponse, TransportError>) -> Void
    var lifecycle = TransferLifecycle()
    var head = ResponseHeadParser()
    var body: [UInt8] = []
    var bodySize: Int64 = 0
    /// Where a 2xx body goes when the output is a file: a temporary name, renamed on success.
    var download: AtomicFileWriter?
    var uploadFD: Int32 = -1
    var headerList: UnsafeMutablePointer<curl_slist>?
    let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    /// Decided when the first body byte arrives: error bodies always stay in memory.
    var bodyToFile: Bool?

    init(easy: UnsafeMutableRawPointer, request: HTTPRequest,
         completion: @escaping @LoopActor (Result<HTTPResponse, TransportError>) -> Void) {
        self.easy = easy
        self.request = request
        self.completion = completion
        errorBuffer.initialize(to: 0)
    }

    deinit {
        if let headerList { sr_curl_slist_free_all(headerList) }
        if uploadFD >= 0 { close(uploadFD) }
        download?.discard()
        errorBuffer.deallocate()
    }

    func error(_ kind: TransportError.Kind, _ detail: String, sent: Bool) -> TransportError {
        TransportError(kind, detail, method: request.method, url: request.url, requestMayHaveBeenSent: sent)
    }

    // MARK: Body callbacks (called by curl inside curl_multi_perform)

    func receive(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if bodyToFile == nil {
            bodyToFile = download != nil && (200..<300).contains(head.status)
        }
        bodySize += Int64(bytes.count)
        if bodyToFile == true, let download {
            do {
                try download.write(bytes)
            } catch {
                return !lifecycle.abort(.fileWrite("cannot write \(download.path): \(error.reason)"))
            }
            return true
        }
        let limit = if case .memory(let limit) = request.output { limit } else { 1 << 20 }
        if body.count + bytes.count > limit { return !lifecycle.abort(.bodyTooLarge(limit: limit)) }
        body.append(contentsOf: bytes)
        return true
    }

    /// Fills `buffer` from the upload file; returns the count, 0 at the end, nil on error.
    func send(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        let count = read(uploadFD, buffer.baseAddress, buffer.count)
        if count < 0 {
            _ = lifecycle.abort(.fileRead("cannot read the upload file: \(String(cString: strerror(errno)))"))
            return nil
        }
        return count
    }

    // MARK: Completion

    /// The outcome of curl's `code` for this transfer, or nil when it was already delivered.
    func outcome(curlCode code: CURLcode) -> Result<HTTPResponse, TransportError>? {
        var requestSize = 0
        _ = sr_easy_getinfo_long(easy, CURLINFO_REQUEST_SIZE, &requestSize)
        let sent = requestSize > 0
        let failure = code == CURLE_OK ? nil : classify(code, sent: sent)
        switch lifecycle.complete(code: Int32(code.rawValue), failure: failure.map { ($0.kind, $0.detail) }) {
        case .releaseOnly:
            return nil
        case .deliverError(let kind, let detail):
            // An abort of ours (too large, file error) happened after the response began.
            let sentForSure = failure.map { $0.kind == kind ? $0.requestMayHaveBeenSent : true } ?? true
            return .failure(error(kind, detail, sent: sentForSure))
        case .deliverResponse:
            // A 2xx without a body never reached `receive`, which decides; its file is empty.
            if bodyToFile ?? (200..<300).contains(head.status), let download {
                // No fsync: it would stall every transfer on the loop for a large file, and a
                // download lost in a crash is simply fetched again.
                do {
                    try download.commit(durable: false)
                } catch {
                    return .failure(self.error(.file, "cannot write \(download.path): \(error.reason)", sent: true))
                }
                self.download = nil
            }
            return .success(response())
        }
    }

    private func response() -> HTTPResponse {
        var connects = 0
        _ = sr_easy_getinfo_long(easy, CURLINFO_NUM_CONNECTS, &connects)
        var micros: curl_off_t = 0
        _ = sr_easy_getinfo_off(easy, CURLINFO_TOTAL_TIME_T, &micros)
        return HTTPResponse(
            status: head.status, headers: head.headers, body: body, bodySize: bodySize,
            httpVersion: head.httpVersion, connectionsOpened: connects, seconds: Double(micros) / 1e6)
    }

    private func classify(_ code: CURLcode, sent: Bool) -> TransportError {
        let detail = errorBuffer.pointee != 0 ? String(cString: errorBuffer) : String(cString: sr_curl_easy_strerror(code))
        switch code {
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT: return error(.invalidRequest, detail, sent: false)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: return error(.resolve, detail, sent: false)
        case CURLE_COULDNT_CONNECT: return error(.connect, detail, sent: false)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CIPHER:
            return error(.tls, detail, sent: false)
        case CURLE_OPERATION_TIMEDOUT: return error(.timeout, detail, sent: sent)
        case CURLE_SEND_ERROR: return error(.send, detail, sent: sent)
        case CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE: return error(.receive, detail, sent: true)
        default: return error(.other, detail, sent: sent)
        }
    }
}
