package dev.streamvcr.account;

/**
 * Fired (as a CDI event, inside the deletion's transaction) just before an account is deleted, so the features that
 * keep things of that person's hand them to {@code heirId} or, when it is null, delete them. An observer that
 * throws stops the deletion.
 */
public record AccountLeaving(long userId, Long heirId) {
}
