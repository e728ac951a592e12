internal import CCurl
internal import CStackrun
internal import Glibc
internal import SystemIO

extension Transfer {
    /// Configures the easy handle for the request. Fails before any I/O on what curl or the file
    /// system refuses, so that such a request is never half-started.
    func configure() throws(TransportError) {
        let url = request.url
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw error(.invalidRequest, "only http and https URLs are supported", sent: false)
        }
        try set(CURLOPT_URL, url)
        try set(CURLOPT_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_NOSIGNAL, 1) // curl must not use signals: we have threads
        try set(CURLOPT_TCP_KEEPALIVE, 1)
        // A kept-alive connection that dies before the answer makes libcurl send the request
        // again on a new one, unasked: harmless for a GET, a duplicate for a create.
        if !request.isIdempotent { try set(CURLOPT_FRESH_CONNECT, 1) }
        _ = sr_easy_setopt_ptr(easy, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
        let me = Unmanaged.passUnretained(self).toOpaque()
        _ = sr_easy_setopt_write(easy, CURLOPT_WRITEFUNCTION, transferWriteCallback)
        _ = sr_easy_setopt_ptr(easy, CURLOPT_WRITEDATA, me)
        _ = sr_easy_setopt_write(easy, CURLOPT_HEADERFUNCTION, transferHeaderCallback)
        _ = sr_easy_setopt_ptr(easy, CURLOPT_HEADERDATA, me)
        try configureMethodAndBody()
        try configureHeaders()
        try configureTimeouts()
        try configureTLS()
        if case .file(let path) = request.output {
            // Written under a temporary name and renamed into place only when the transfer
            // succeeds, so a failed download never leaves a truncated file behind.
            do {
                download = try AtomicFileWriter(path: path)
            } catch {
                throw self.error(.file, "cannot create \(path): \(error.reason)", sent: false)
            }
        }
    }

    private func configureMethodAndBody() throws(TransportError) {
        let method = request.method.uppercased()
        switch request.body {
        case .none:
            switch method {
            case "GET": try set(CURLOPT_HTTPGET, 1)
            case "HEAD": try set(CURLOPT_NOBODY, 1)
            default: try set(CURLOPT_CUSTOMREQUEST, method)
            }
        case .bytes(let bytes):
            // curl copies the body (COPYPOSTFIELDS), so the request may be dropped meanwhile.
            try setLarge(CURLOPT_POSTFIELDSIZE_LARGE, bytes.count)
            let code = bytes.withUnsafeBytes { raw in
                sr_easy_setopt_ptr(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress ?? UnsafeRawPointer(errorBuffer)))
            }
            try check(code, "body")
            if method != "POST" { try set(CURLOPT_CUSTOMREQUEST, method) }
        case .file(let path):
            let opened: (descriptor: Int32, status: FileStatus)
            do {
                opened = try POSIXFile.openForReading(path)
            } catch {
                throw self.error(.file, "cannot read \(path): \(error.reason)", sent: false)
            }
            uploadFD = opened.descriptor
            try set(CURLOPT_UPLOAD, 1)
            try setLarge(CURLOPT_INFILESIZE_LARGE, opened.status.size)
            _ = sr_easy_setopt_read(easy, CURLOPT_READFUNCTION, transferReadCallback)
            _ = sr_easy_setopt_ptr(easy, CURLOPT_READDATA, Unmanaged.passUnretained(self).toOpaque())
            _ = sr_easy_setopt_seek(easy, CURLOPT_SEEKFUNCTION, transferSeekCallback)
            _ = sr_easy_setopt_ptr(easy, CURLOPT_SEEKDATA, Unmanaged.passUnretained(self).toOpaque())
            if method != "PUT" { try set(CURLOPT_CUSTOMREQUEST, method) }
        }
    }

    private func configureHeaders() throws(TransportError) {
        var list: UnsafeMutablePointer<curl_slist>? = nil
        for (name, value) in request.headers {
            // By bytes: "\r\n" is one Character, which a Character comparison would let through.
            guard !name.utf8.contains(where: { $0 == UInt8(ascii: ":") || $0 == 13 || $0 == 10 }),
                  !value.utf8.contains(where: { $0 == 13 || $0 == 10 })
            else { throw error(.invalidRequest, "invalid header field '\(name)'", sent: false) }
            // "Name;" is curl's way to send a header with an empty value.
            list = sr_curl_slist_append(list, value.isEmpty ? "\(name);" : "\(name): \(value)")
        }
        // No "Expect: 100-continue": it costs a round trip (or a 1 s wait) on every upload.
        list = sr_curl_slist_append(list, "Expect:")
        headerList = list
        try check(sr_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, list), "headers")
    }

    private func configureTimeouts() throws(TransportError) {
        let timeouts = request.timeouts
        try set(CURLOPT_CONNECTTIMEOUT_MS, max(1, Int(timeouts.connect * 1000)))
        if let total = timeouts.total { try set(CURLOPT_TIMEOUT_MS, max(1, Int(total * 1000))) }
        if let seconds = timeouts.lowSpeedSeconds {
            try set(CURLOPT_LOW_SPEED_LIMIT, timeouts.lowSpeedBytes)
            try set(CURLOPT_LOW_SPEED_TIME, max(1, Int(seconds.rounded(.up))))
        }
    }

    private func configureTLS() throws(TransportError) {
        let tls = request.tls
        if tls.insecure {
            try set(CURLOPT_SSL_VERIFYPEER, 0)
            try set(CURLOPT_SSL_VERIFYHOST, 0)
        }
        if let bundle = tls.caBundle { try set(CURLOPT_CAINFO, bundle) }
        if let certificate = tls.clientCertificate { try set(CURLOPT_SSLCERT, certificate) }
        if let key = tls.clientKey { try set(CURLOPT_SSLKEY, key) }
    }

    private func set(_ option: CURLoption, _ value: Int) throws(TransportError) {
        try check(sr_easy_setopt_long(easy, option, value), "option \(option.rawValue)")
    }

    private func setLarge(_ option: CURLoption, _ value: curl_off_t) throws(TransportError) {
        try check(sr_easy_setopt_off(easy, option, value), "option \(option.rawValue)")
    }

    private func set(_ option: CURLoption, _ value: String) throws(TransportError) {
        try check(sr_easy_setopt_str(easy, option, value), "option \(option.rawValue)")
    }

    /// `what` is only built on failure: describing a C enum value goes through reflection,
    /// which cost more than the rest of a request's set-up when done for every option.
    private func check(_ code: CURLcode, _ what: @autoclosure () -> String) throws(TransportError) {
        guard code != CURLE_OK else { return }
        throw error(.invalidRequest, "curl refused \(what()): \(String(cString: sr_curl_easy_strerror(code)))", sent: false)
    }
}

// curl's callbacks: plain C functions that find their Transfer through the user pointer.

private let transferWriteCallback: curl_write_callback = { data, size, count, user in
    let transfer = Unmanaged<Transfer>.fromOpaque(user!).takeUnretainedValue()
    let length = size * count
    return transfer.receive(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}

private let transferHeaderCallback: curl_write_callback = { data, size, count, user in
    let transfer = Unmanaged<Transfer>.fromOpaque(user!).takeUnretainedValue()
    let length = size * count
    let line = UnsafeRawBufferPointer(start: data, count: length)
    transfer.head.consume(line: Substring(String(decoding: line, as: UTF8.self)))
    return length
}

private let transferReadCallback: curl_read_callback = { buffer, size, count, user in
    let transfer = Unmanaged<Transfer>.fromOpaque(user!).takeUnretainedValue()
    let target = UnsafeMutableRawBufferPointer(start: buffer, count: size * count)
    return transfer.send(into: target) ?? Int(CURL_READFUNC_ABORT)
}

private let transferSeekCallback: curl_seek_callback = { user, offset, origin in
    let transfer = Unmanaged<Transfer>.fromOpaque(user!).takeUnretainedValue()
    return lseek(transfer.uploadFD, offset, origin) < 0 ? Int32(CURL_SEEKFUNC_FAIL) : Int32(CURL_SEEKFUNC_OK)
}
