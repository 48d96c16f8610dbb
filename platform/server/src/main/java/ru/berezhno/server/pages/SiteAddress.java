package ru.berezhno.server.pages;

import java.net.URI;
import java.util.function.IntSupplier;

/**
 * The platform's public address, from the {@code --base-url} setting, else
 * {@code http://localhost:<port>}. Never taken from a request's Host header, which a client chooses.
 */
public final class SiteAddress {
    private final URI configured;
    private final IntSupplier port;

    public SiteAddress(URI configured, IntSupplier port) {
        this.configured = configured;
        this.port = port;
    }

    /** The base URL without a trailing slash. */
    public String base() {
        if (configured != null) {
            String text = configured.toString();
            return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        }
        return "http://localhost:" + port.getAsInt();
    }

    /** Whether cookies must be marked Secure: the public address is HTTPS. */
    public boolean secure() {
        return configured != null && "https".equals(configured.getScheme());
    }
}
