package dev.streamvcr.account;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A session cookie or bearer token presented with a request, to be checked against {@code access_token}. */
public final class TokenCredentials extends BaseAuthenticationRequest {

    private final String secret;

    public TokenCredentials(String secret) {
        this.secret = secret;
    }

    public String secret() {
        return secret;
    }
}
