package io.smtpx.delivery;

/**
 * Checks of envelope addresses (RFC 5321 mailbox: local-part@domain) strict enough that no address can inject a
 * command or parameter into the SMTP session.
 */
final class Addresses {

    private Addresses() {
    }

    static void checkMailbox(String address, String role) {
        if (address == null || address.isBlank()) {
            throw new InvalidMessageException("Empty " + role + " address");
        }
        if (address.indexOf('\r') >= 0 || address.indexOf('\n') >= 0) {
            throw new InvalidMessageException("The " + role + " address contains CR or LF: " + printable(address));
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '<' || c == '>' || c == ' ' || c == '\t') {
                throw new InvalidMessageException(
                        "The " + role + " address contains a character not allowed in an SMTP path: "
                                               + printable(address));
            }
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            throw new InvalidMessageException("The " + role + " address is not local-part@domain: " + printable(address));
        }
        String domain = address.substring(at + 1);
        if (domain.startsWith(".") || domain.endsWith(".") || domain.contains("..")) {
            throw new InvalidMessageException("The " + role + " address has a malformed domain: " + printable(address));
        }
    }

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** The address with control characters made visible, for error messages. */
    static String printable(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }

    static String domainOf(String address) {
        return address.substring(address.lastIndexOf('@') + 1);
    }
}
