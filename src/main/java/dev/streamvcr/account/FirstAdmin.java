package dev.streamvcr.account;

import dev.streamvcr.config.StreamVcrConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.Optional;
import io.quarkus.vertx.http.HttpServerStart;
import org.jboss.logging.Logger;

/**
 * On the very first start (no accounts at all) creates {@code admin} with the password from
 * {@code STREAMVCR_ADMIN_PASSWORD}, or a generated one that is logged this once and stored only as a hash. Later
 * starts ignore that setting, saying so in the log, unless {@code STREAMVCR_ADMIN_RESET=true} asks them to reset the
 * admin's password to it (recovery of a lost admin password).
 */
@ApplicationScoped
public class FirstAdmin {

    private static final Logger LOG = Logger.getLogger(FirstAdmin.class);
    static final String ADMIN = "admin";
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    @Inject
    AccountService accounts;

    @Inject
    StreamVcrConfig config;

    /** What the start did about the admin account. */
    enum Outcome {
        CREATED, RESET, IGNORED, NOTHING
    }

    void onStart(@Observes StartupEvent event) {
        apply(config.adminPassword().filter(p -> !p.isBlank()), config.adminReset());
    }

    Outcome apply(Optional<String> configured, boolean reset) {
        if (!accounts.anyUser()) {
            String password = configured.orElse(null);
            if (password != null) {
                accounts.createInitialAdmin(ADMIN, password);
                LOG.info("Created the account 'admin' with the password from STREAMVCR_ADMIN_PASSWORD.");
            } else {
                password = generate();
                accounts.createInitialAdmin(ADMIN, password);
                LOG.warnf("Created the account 'admin' with the generated password: %s"
                        + "  (shown only this once; it is stored as a hash)", password);
            }
            return Outcome.CREATED;
        }
        if (configured.isEmpty()) {
            if (reset) {
                LOG.warn("STREAMVCR_ADMIN_RESET=true is ignored: STREAMVCR_ADMIN_PASSWORD is not set, so there is no "
                        + "password to reset 'admin' to.");
            }
            return Outcome.NOTHING;
        }
        if (!reset) {
            LOG.warn("STREAMVCR_ADMIN_PASSWORD is ignored: accounts exist already, and it sets the password only at the "
                    + "first start. To reset the password of 'admin' to it, start once with STREAMVCR_ADMIN_RESET=true.");
            return Outcome.IGNORED;
        }
        accounts.resetAdmin(ADMIN, configured.get());
        LOG.warn("Reset the password of 'admin' to STREAMVCR_ADMIN_PASSWORD because STREAMVCR_ADMIN_RESET=true; it is an "
                + "enabled admin and its sessions and tokens are ended. Remove STREAMVCR_ADMIN_RESET now, or every start "
                + "resets it again.");
        return Outcome.RESET;
    }

    /** Said once the HTTP server really listens, so whoever waits for it can connect at once. */
    void onListening(@ObservesAsync HttpServerStart event) {
        int port = event.options().getPort();
        if (port > 0) {
            LOG.infof("StreamVCR is ready: open http://localhost:%d/ in a browser.", port);
        } else {
            LOG.info("StreamVCR is ready.");
        }
    }

    private static String generate() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
