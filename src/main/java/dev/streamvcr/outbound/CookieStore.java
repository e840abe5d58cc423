package dev.streamvcr.outbound;

import java.net.URI;

/** Where an exchange reads the cookies it sends and keeps those it receives, per request address (redirects too). */
public interface CookieStore {

    /** The {@code Cookie} header for a request to {@code uri}, or null when none applies. */
    String header(URI uri);

    /** Keeps one {@code Set-Cookie} header received in the answer to a request to {@code uri}. */
    void store(URI uri, String setCookie);
}
