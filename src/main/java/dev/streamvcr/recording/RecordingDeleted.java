package dev.streamvcr.recording;

/**
 * Fired after a recording's rows were deleted and its files removed, so features above (previews) drop what they made
 * of it.
 */
public record RecordingDeleted(long recordingId) {
}
