package dev.streamvcr.web;

import io.quarkus.qute.TemplateExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Addresses of the files under {@code /static/} with a hash of their content ({@code {asset:url('app.js')}} →
 * {@code /static/app.js?v=3f2a…}). Static files are served cacheable and {@code immutable} for a day; the hash makes
 * an upgrade's changed file a new address, so no browser keeps running the old one.
 */
@TemplateExtension(namespace = "asset")
public final class StaticAssets {

    private static final String ROOT = "META-INF/resources/static/";
    private static final Map<String, String> URLS = new ConcurrentHashMap<>();

    private StaticAssets() {
    }

    /** The versioned address of {@code name}, a file under {@code frontend/}. */
    public static String url(String name) {
        return URLS.computeIfAbsent(name, n -> "/static/" + n + "?v=" + version(n));
    }

    static String version(String name) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = loader.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no static file " + name);
            }
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
