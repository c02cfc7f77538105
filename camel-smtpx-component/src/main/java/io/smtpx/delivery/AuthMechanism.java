package io.smtpx.delivery;

/** SASL mechanisms the engine speaks, strongest first. */
public enum AuthMechanism {
    /** OAuth 2.0 bearer token (Google, Microsoft). */
    XOAUTH2,
    PLAIN,
    LOGIN
}
