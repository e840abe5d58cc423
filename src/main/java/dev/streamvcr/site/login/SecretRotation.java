package dev.streamvcr.site.login;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * After a key change ({@code STREAMVCR_SECRET_KEY} with a higher version, the old key in
 * {@code STREAMVCR_SECRET_PREVIOUS_KEYS}), seals every stored site secret again with the new key at start, so the
 * old key can then be dropped. A password that does not open is left for its owner to enter again; cookies that do
 * not open are dropped (the next login makes new ones).
 */
@ApplicationScoped
public class SecretRotation {

    private static final Logger LOG = Logger.getLogger(SecretRotation.class);

    private final SecretBox box;

    @Inject
    public SecretRotation(SecretBox box) {
        this.box = box;
    }

    void onStart(@Observes StartupEvent event) {
        int changed = reseal();
        if (changed > 0) {
            LOG.infof("Sealed the secrets of %d site account(s) again with key version %d", changed, box.version());
        }
    }

    /** Seals again what an earlier key sealed; returns the number of accounts changed. */
    public int reseal() {
        return QuarkusTransaction.requiringNew().call(() -> {
            int changed = 0;
            for (SiteAccount account : SiteAccount.<SiteAccount>listAll()) {
                boolean password = !box.isCurrent(account.passwordSealed);
                boolean cookies = account.cookiesSealed != null && !box.isCurrent(account.cookiesSealed);
                if (password) {
                    String context = account.context(SiteAccounts.PASSWORD);
                    try {
                        account.passwordSealed = box.seal(box.open(account.passwordSealed, context), context);
                    } catch (SecretBox.Unreadable e) {
                        LOG.warnf("The password of %s cannot be opened (%s); its owner has to enter it again, "
                                + "unless its key is given in STREAMVCR_SECRET_PREVIOUS_KEYS", account, e.getMessage());
                        password = false;
                    }
                }
                if (cookies) {
                    String context = account.context(SiteAccounts.COOKIES);
                    try {
                        account.cookiesSealed = box.seal(box.open(account.cookiesSealed, context), context);
                    } catch (SecretBox.Unreadable e) {
                        account.cookiesSealed = null;
                    }
                }
                if (password || cookies) {
                    changed++;
                }
            }
            return changed;
        });
    }
}
