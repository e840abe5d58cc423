package dev.streamvcr.recording;

import java.time.Duration;

/** The settings a recording session runs with, taken from the configuration once per session. */
record SessionSettings(String node, Duration lease, Duration heartbeat, Duration maxBackoff, int maxMessageSize,
        Duration idleTimeout) {
}
