import JSONValue
import Transport

/// Signing in: the token request and what Keystone's answer means.
extension Session {
    /// POST /v3/auth/tokens, through the same pipeline as every call, without a token. Asking
    /// for a token twice is harmless, so it is retried as if idempotent, on 500 too.
    func issueToken() async throws(OpenStackError) -> Token {
        let url = identityURL + "/auth/tokens"
        let body: [UInt8]
        do {
            body = try TokenRequest.body(for: config.auth, scope: config.scope).encoded()
        } catch {
            throw OpenStackError(.configuration, "cannot encode the token request: \(error)", service: "keystone")
        }
        var request = HTTPRequest(method: "POST", url: url, headers: Self.baseHeaders, body: .bytes(body), tls: config.tls)
        request.headers.add("Content-Type", "application/json")
        request.isIdempotent = true
        let result: ExchangeResult
        do throws(OpenStackError) {
            result = try await run(PipelineRequest(request, service: "keystone", attemptTimeout: 60, authenticated: false,
                                                   idempotent: true, retriesInternalErrors: true))
        } catch where error.kind == .transport || error.kind == .unreachable {
            // No answer after every retry is not a refusal of the credentials.
            var failure = error
            failure.message = "cannot reach Keystone: \(error.message)"
            throw failure
        }
        if (200..<300).contains(result.response.status) {
            let token = try acceptToken(result.response, url: url)
            if let key = tokenStoreKey { await seams.tokenStore.save(StoredToken(value: token.value, body: token.body), cloud: key) }
            return token
        }
        var failure = authenticationError(result.response, url: url)
        failure.attempts = result.attempts
        throw failure
    }

    private func acceptToken(_ response: HTTPResponse, url: String) throws(OpenStackError) -> Token {
        guard let value = response.headers["x-subject-token"], !value.isEmpty else {
            throw OpenStackError(.authentication, "Keystone answered without an X-Subject-Token header",
                                 service: "keystone", method: "POST", url: url, status: response.status)
        }
        guard let body = (try? JSON.decode(response.body))?["token"]?.objectValue else {
            throw OpenStackError(.authentication, "Keystone's token response has no token object",
                                 service: "keystone", method: "POST", url: url, status: response.status)
        }
        tokensIssued += 1
        let token = Token(value: Secret(value), body: body, receivedAt: seams.clock.now(), clock: seams.clock)
        logger.debug("token issued", metadata: [
            "cloud": "\(config.name)", "expires_in_s": .number(Int(token.secondsLeft)),
            "request_id": "\(RequestID.of(response.headers) ?? "-")",
        ])
        return token
    }

    /// Keystone's answer as an error: a refusal (401, and other 4xx) is an authentication error;
    /// 404 says the auth URL is wrong, unless it is Keystone refusing the token a token sign-in
    /// gave (it answers 404 "Could not recognize Fernet token" or "Failed to validate token" for
    /// one that is unknown, expired or revoked); 5xx after every retry is Keystone failing to
    /// issue a token, an authentication error too (exit status 4): the run cannot go on without one.
    private func authenticationError(_ response: HTTPResponse, url: String) -> OpenStackError {
        let (message, body) = ServiceMessage.extract(from: response)
        let reason = message ?? "HTTP \(response.status)"
        let kind: OpenStackError.Kind
        let text: String
        switch response.status {
        case 401:
            (kind, text) = (.authentication, "Keystone refused the credentials of cloud '\(config.name)': \(reason)")
        case 404 where refusesToken(message, body: body):
            (kind, text) = (.authentication, "Keystone refused the token of cloud '\(config.name)': \(reason)")
        case 404:
            (kind, text) = (.configuration, "no Keystone token API at this URL (is auth_url right for cloud '\(config.name)'?): \(reason)")
        case 500...:
            (kind, text) = (.authentication, "Keystone failed to issue a token: \(reason)")
        default:
            (kind, text) = (.authentication, reason)
        }
        return OpenStackError(kind, text, service: "keystone", method: "POST", url: redactingCredentials(url),
                              status: response.status, requestID: RequestID.of(response.headers), body: body)
    }

    /// Whether a 404 to a token sign-in is about the token: Keystone's own error document
    /// (`{"error": {"code": 404, "message": "Could not recognize Fernet token", ...}}`) whose
    /// message names it. A 404 from a wrong URL does not: Keystone's "The resource could not be
    /// found.", or a web server's page, whose text may well name the path /v3/auth/tokens.
    private func refusesToken(_ message: String?, body: JSON?) -> Bool {
        guard case .token = config.auth, let message, let error = body?["error"], error["code"]?.intValue == 404 else { return false }
        return message.lowercased().contains("token")
    }
}
