package dev.streamvcr.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every StreamVCR setting. Each key maps to an environment variable: {@code streamvcr.storage.min-free}
 * is {@code STREAMVCR_STORAGE_MIN_FREE}; any of them may instead be read from a file named by the
 * same variable with a {@code _FILE} suffix.
 */
@ConfigMapping(prefix = "streamvcr")
public interface StreamVcrConfig {

    /** Directory for the embedded database, this node's own files and (by default) the shared storage. */
    @WithDefault("data")
    String dataDir();

    /** Password for the first {@code admin} account; generated and logged once when unset. */
    Optional<String> adminPassword();

    /**
     * When true, every start sets the password of {@code admin} to {@code STREAMVCR_ADMIN_PASSWORD} (and makes it an
     * enabled admin again): recovery of a lost admin password. Without it that setting counts only at the first start.
     */
    @WithDefault("false")
    boolean adminReset();

    /** Identifies this node in leases; unique per running instance. Defaults to host name and HTTP port. */
    Optional<String> nodeId();

    /**
     * The most recording sessions this node runs at once (at least 1). Due work past it is left for other nodes, or
     * for this one once a session ends.
     */
    @WithDefault("1000")
    int nodeCapacity();

    Storage storage();

    Schedule schedule();

    Booking booking();

    Watch watch();

    Auth auth();

    Outbound outbound();

    Rtmp rtmp();

    Preview preview();

    Secret secret();

    Sites sites();

    Audit audit();

    Retention retention();

    Quota quota();

    /** What a booking must fit into (keys {@code streamvcr.admission.*}, env {@code STREAMVCR_ADMISSION_*}). */
    Admission admission();

    /** Notification sending (keys {@code streamvcr.notify.*}, env {@code STREAMVCR_NOTIFY_*}). */
    @io.smallrye.config.WithName("notify")
    Notify notifications();

    /** Path of an ffmpeg binary (ffprobe beside it) to use instead of the embedded one. */
    Optional<String> ffmpeg();

    interface Storage {
        /** Root of shared storage; recordings go to {@code <dir>/recordings}. Defaults to the data directory. */
        Optional<String> dir();

        /** A recording does not start while the storage has less free space than this many bytes. */
        @WithDefault("1073741824")
        long minFree();
    }

    interface Retention {
        /** Finished recordings older than this many days are deleted; unset keeps them. A user's own setting wins. */
        Optional<Integer> keepDays();

        /** Only each user's newest this many finished recordings are kept; unset keeps all. A user's own setting wins. */
        Optional<Integer> keepNewest();

        /** How often the retention policy runs. */
        @WithDefault("1h")
        Duration every();
    }

    interface Notify {
        /**
         * The address people open StreamVCR at (e.g. {@code https://vcr.example.org}), for the links in
         * notifications; unset, they carry the path alone.
         */
        Optional<String> baseUrl();

        /** How often due notifications are claimed and sent. */
        @WithDefault("5s")
        Duration every();

        /** Attempts at one notification before it is given up (the delivery log keeps the last error). */
        @WithDefault("5")
        int maxAttempts();

        /** The wait before the second attempt; each later wait is twice the one before. */
        @WithDefault("30s")
        Duration firstRetry();

        /** The longest a webhook or SMTP server may take to take one notification. */
        @WithDefault("10s")
        Duration timeout();

        /** Sent and given-up notifications older than this leave the delivery log. */
        @WithDefault("30d")
        Duration keep();
    }

    interface Quota {
        /** Bytes each user's recordings may take unless the user has a quota of their own; unset means no limit. */
        Optional<Long> defaultBytes();
    }

    interface Admission {
        /**
         * Bits per second a booking is expected to record when no earlier recording of its source says better; a
         * booking is refused when the bookings due by its end would not fit into the storage's free space above the
         * floor ({@code STREAMVCR_STORAGE_MIN_FREE}).
         */
        @WithDefault("4000000")
        long defaultBitrate();

        /** Most recordings booked at any one moment, over all nodes; a booking that would pass it is refused. */
        @WithDefault("1000")
        int maxConcurrent();
    }

    interface Schedule {
        /** How often due reservations are claimed. */
        @WithDefault("1s")
        Duration tick();

        /** How long before the booked start the connection is opened. */
        @WithDefault("5s")
        Duration preroll();

        /** How long a claimed reservation stays owned without a heartbeat before another node may take it. */
        @WithDefault("30s")
        Duration lease();

        /** Longest wait between two attempts to reach a stream that is not there yet. */
        @WithDefault("10s")
        Duration maxBackoff();
    }

    interface Booking {
        /** Longest recording a reservation may book. */
        @WithDefault("24h")
        Duration maxDuration();

        /** How far in the past a start time may be and still count as "now" (clock skew, typing time). */
        @WithDefault("60s")
        Duration startGrace();

        /** How long a "Record now" booking lasts when no end or length is given. */
        @WithDefault("60m")
        Duration recordNowLength();

        /**
         * How far ahead a series' occurrences are booked as reservations (1 hour to 366 days); later ones are booked
         * as they come within it.
         */
        @WithDefault("7d")
        Duration seriesHorizon();
    }

    interface Watch {
        /** How often due channel watches are looked for. */
        @WithDefault("15s")
        Duration tick();

        /** At most this much is added at random to each check's interval, so watches of one site spread out. */
        @WithDefault("30s")
        Duration jitter();

        /** How long a watched channel may be gone while its recording runs before that recording is stopped. */
        @WithDefault("3m")
        Duration grace();

        /** How long one node holds a watch it is checking before another node may check it. */
        @WithDefault("5m")
        Duration lease();
    }

    interface Auth {
        /** How long a browser session lasts. */
        @WithDefault("7d")
        Duration sessionTtl();

        /** How long a personal access token from POST /api/v1/tokens lasts. */
        @WithDefault("30d")
        Duration tokenTtl();

        /** Failed logins of one account from one client address within a minute before that address gets 429. */
        @WithDefault("10")
        int maxFailuresPerMinute();

        /** Failed logins from one client address, at any accounts, within a minute before it gets 429. */
        @WithDefault("30")
        int maxFailuresPerAddressPerMinute();

        /**
         * Failed logins of one account from all addresses within a minute after which every attempt at it waits
         * {@link #accountSlowdown()}; an account is never refused, so nobody can lock its owner out.
         */
        @WithDefault("100")
        int accountSlowdownAfter();

        /** How long each login attempt at an account past {@link #accountSlowdownAfter()} waits. */
        @WithDefault("2s")
        Duration accountSlowdown();
    }

    interface Outbound {
        /**
         * CIDR ranges (comma separated) of loopback or private addresses that connections made for users may reach:
         * the default of the three lists below. Link-local, cloud metadata and reserved addresses are always refused.
         */
        Optional<List<String>> allow();

        /** The ranges stream connections (RTMP, HLS, player SWFs) may reach; {@code none} for none; default {@link #allow()}. */
        Optional<List<String>> streamAllow();

        /** The ranges pages fetched to find a stream may be on; {@code none} for none; default {@link #allow()}. */
        Optional<List<String>> pageAllow();

        /** The ranges site logins (users' passwords) may be sent to; {@code none} for none; default {@link #allow()}. */
        Optional<List<String>> loginAllow();

        /** The ranges notification webhooks may be posted to; {@code none} for none; default {@link #allow()}. */
        Optional<List<String>> webhookAllow();
    }

    interface Preview {
        /**
         * Secret that signs preview cookies; a key file {@code keys/preview.key} in the shared storage is generated
         * when unset.
         */
        Optional<String> key();

        /** Raise to invalidate every preview grant issued so far. */
        @WithDefault("1")
        int keyVersion();

        /** How long a preview grant (its cookie) lasts. */
        @WithDefault("2h")
        Duration grantTtl();

        /** A transcode nobody has asked for in this long is stopped. */
        @WithDefault("60s")
        Duration idleStop();

        /** Finished previews are deleted after this long. */
        @WithDefault("24h")
        Duration retention();

        /** Transcodes that may run at once on this node; default: the number of cores. */
        Optional<Integer> maxTranscodes();

        /** Transcodes one user may have running at once; beyond it that user gets 429 + Retry-After. */
        @WithDefault("2")
        int maxTranscodesPerUser();

        /** CPU time one ffmpeg run may use before the kernel ends it. */
        @WithDefault("6h")
        Duration ffmpegCpuTime();

        /** Address space one ffmpeg run may use, in bytes; beyond it its allocations fail. */
        @WithDefault("4294967296")
        long ffmpegMemory();

        /**
         * How previews carry their viewer: {@code ab}, two shared encodes per recording from which each viewer gets a
         * sequence spelling their own code, their name burned into every {@link #nameEvery()}-th segment and shown over
         * the player; or {@code full} (the default until {@code ab} meets its figures), one transcode per viewer with
         * the name in every frame.
         */
        @WithDefault("full")
        PreviewMode mode();

        /** In {@code ab} mode, every this many segments (2 s each) of a viewer's preview carry their burned-in name. */
        @WithDefault("8")
        int nameEvery();

        /**
         * Secret from which viewers' A/B codes, the marks and segment addresses are derived; a key file in the
         * shared storage ({@code keys/preview-code.key}) is generated when unset. Keep it for good: with another key
         * earlier leaks can no longer be traced.
         */
        Optional<String> codeKey();

        /** Largest leaked file the trace accepts, in bytes; its video is held in memory while it is traced. */
        @WithDefault("268435456")
        long traceMaxUpload();
    }

    /** How previews are watermarked (see {@link Preview#mode()}). */
    enum PreviewMode {
        AB, FULL
    }

    interface Secret {
        /**
         * Base64 of a 256-bit key that encrypts stored site passwords and their cookies (AES-GCM); a key file
         * {@code keys/secret.key} in the shared storage directory is generated when unset, once for every node.
         */
        Optional<String> key();

        /**
         * Stored with every ciphertext; raise it with a new key, and give the old one in {@link #previousKeys()} so
         * that what it sealed is sealed again with the new key at the next start.
         */
        @WithDefault("1")
        int keyVersion();

        /**
         * Earlier keys, {@code <version>:<key>} separated by commas, the key in base64 or hex (as in the generated
         * {@code secret.key}); what they sealed opens, and is sealed again with the current key at start.
         */
        Optional<String> previousKeys();
    }

    interface Sites {
        /** How long before a booked start the login to the reservation's site is checked. */
        @WithDefault("30m")
        Duration checkLead();

        /** How often upcoming reservations are looked at for that check. */
        @WithDefault("1m")
        Duration checkEvery();

        /** A failed check is tried again after this long (sooner would risk locking the account at the site). */
        @WithDefault("10m")
        Duration checkRetry();

        /**
         * Page resolutions (booking a page, "Find the stream") one user may have running at once; each can take a
         * worker for up to 30 s per page fetched. Beyond it that user gets 429 + Retry-After.
         */
        @WithDefault("2")
        int maxResolutionsPerUser();

        AmfChannel amfChannel();

        PlayerStatus playerStatus();

        WatchSession watchSession();

        PlaybackToken playbackToken();

        interface AmfChannel {
            /**
             * Host names whose {@code /channel/<name>} pages load their stream from an AMF document (comma-separated;
             * env {@code STREAMVCR_SITES_AMF_CHANNEL_HOSTS}). None by default.
             */
            Optional<List<String>> hosts();
        }

        interface PlayerStatus {
            /**
             * Host names whose {@code /watch/lv<number>} broadcast pages describe their stream in a getplayerstatus
             * XML document, the way Niconico Live's did (comma-separated; env
             * {@code STREAMVCR_SITES_PLAYER_STATUS_HOSTS}). None by default.
             */
            Optional<List<String>> hosts();
        }

        interface WatchSession {
            /**
             * Host names whose {@code /watch/lv<number>} broadcast pages hand out an HLS stream over a WebSocket watch
             * session that is held open while recording, the way Niconico Live's do today (comma-separated; env
             * {@code STREAMVCR_SITES_WATCH_SESSION_HOSTS}). None by default.
             */
            Optional<List<String>> hosts();
        }

        interface PlaybackToken {
            /**
             * Host names whose {@code /<channel>} pages get their stream the way Twitch's do: player config, a token
             * API answering a signed token, a master playlist for it that expires within minutes (comma-separated;
             * env {@code STREAMVCR_SITES_PLAYBACK_TOKEN_HOSTS}). None by default.
             */
            Optional<List<String>> hosts();
        }
    }

    interface Audit {
        /** Audit entries older than this are deleted (hourly); 0 keeps them for ever. */
        @WithDefault("365d")
        Duration retention();

        /**
         * Rows of refused requests one client address may add within a minute; beyond, its refusals are only counted
         * (repeats of one refusal always are).
         */
        @WithDefault("30")
        int maxRefusalsPerMinute();
    }

    interface Rtmp {
        /** Largest RTMP message accepted from a server, in bytes. */
        @WithDefault("8388608")
        int maxMessageSize();

        /** Seconds without data after which a connection counts as dropped and is reopened. */
        @WithDefault("15s")
        Duration idleTimeout();
    }
}
