package io.smtpx.delivery;

/**
 * What the client authenticates with: a username and a password, or a username and an OAuth 2.0 token supplier. Its
 * {@link #toString()} never shows the secret.
 */
public final class Credentials {

    private final String username;
    private final String password;
    private final OAuth2TokenSupplier tokenSupplier;

    private Credentials(String username, String password, OAuth2TokenSupplier tokenSupplier) {
        this.username = username;
        this.password = password;
        this.tokenSupplier = tokenSupplier;
    }

    public static Credentials password(String username, String password) {
        return new Credentials(username, password, null);
    }

    public static Credentials oauth2(String username, OAuth2TokenSupplier tokenSupplier) {
        return new Credentials(username, null, tokenSupplier);
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public OAuth2TokenSupplier tokenSupplier() {
        return tokenSupplier;
    }

    public boolean hasPassword() {
        return password != null;
    }

    public boolean hasToken() {
        return tokenSupplier != null;
    }

    @Override
    public String toString() {
        return "Credentials[" + username + ", " + (hasToken() ? "oauth2" : "password") + "=***]";
    }
}
