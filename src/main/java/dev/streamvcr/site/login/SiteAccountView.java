package dev.streamvcr.site.login;

import java.time.Instant;

/**
 * A site account as pages and the API show it: the password only as "stored", never its value.
 *
 * @param lastError why the last login failed, null when it worked or was not tried yet
 */
public record SiteAccountView(long id, String site, String username, String loginUrl, boolean allowHttp,
        boolean passwordStored, Instant lastLoginAt, String lastError) {

    static SiteAccountView of(SiteAccount a) {
        return new SiteAccountView(a.id, a.site, a.username, a.loginUrl, a.allowHttp, a.passwordSealed != null,
                a.lastLoginAt, a.lastError);
    }
}
