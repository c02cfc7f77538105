package io.smtpx.delivery;

/**
 * Supplies OAuth 2.0 access tokens for XOAUTH2, one per connection. Implementations typically cache a token until it
 * expires.
 */
@FunctionalInterface
public interface OAuth2TokenSupplier {

    /** A currently valid access token. */
    String token();

    /**
     * A token to use after the server rejected {@code rejected}: implementations that cache should refresh here. Called
     * at most once per AUTH attempt.
     */
    default String freshToken(String rejected) {
        return token();
    }
}
