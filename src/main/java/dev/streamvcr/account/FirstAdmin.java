package dev.streamvcr.account;

import dev.streamvcr.config.StreamVcrConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import io.quarkus.vertx.http.HttpServerStart;
import org.jboss.logging.Logger;

/**
 * On the very first start (no accounts at all) creates {@code admin} with the password from
 * {@code STREAMVCR_ADMIN_PASSWORD}, or a generated one that is logged this once and stored only as a hash.
 */
@ApplicationScoped
public class FirstAdmin {

    private static final Logger LOG = Logger.getLogger(FirstAdmin.class);
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    @Inject
    AccountService accounts;

    @Inject
    StreamVcrConfig config;

    void onStart(@Observes StartupEvent event) {
        if (!accounts.anyUser()) {
            String password = config.adminPassword().filter(p -> !p.isBlank()).orElse(null);
            if (password != null) {
                accounts.createInitialAdmin("admin", password);
                LOG.info("Created the account 'admin' with the password from STREAMVCR_ADMIN_PASSWORD.");
            } else {
                password = generate();
                accounts.createInitialAdmin("admin", password);
                LOG.warnf("Created the account 'admin' with the generated password: %s"
                        + "  (shown only this once; it is stored as a hash)", password);
            }
        }
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
