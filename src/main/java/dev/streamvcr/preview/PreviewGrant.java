package dev.streamvcr.preview;

import java.time.Instant;

/**
 * What a signed preview cookie allows: the user {@code userId}, signed in with the session or token
 * {@code tokenId}, may fetch anything under {@code pathPrefix} (which ends in {@code /}) until {@code expiresAt}.
 */
public record PreviewGrant(long userId, String pathPrefix, Instant expiresAt, long tokenId) {

    public PreviewGrant {
        if (!pathPrefix.startsWith("/") || !pathPrefix.endsWith("/")) {
            throw new IllegalArgumentException("A grant's path prefix starts and ends with '/': " + pathPrefix);
        }
    }

    /** The preview directory of one user for one recording: {@code /preview/users/{userId}/{recordingId}/}. */
    public static String prefix(long userId, long recordingId) {
        return "/preview/users/" + userId + "/" + recordingId + "/";
    }
}
