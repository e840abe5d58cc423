package dev.streamvcr.site.login;

import dev.streamvcr.Api;
import dev.streamvcr.config.SecretFile;
import dev.streamvcr.config.StreamVcrConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A key change: the old key given as a previous one, every stored secret is sealed again with the new key. */
@QuarkusTest
class SecretRotationTest {

    @Inject
    StreamVcrConfig config;

    @Inject
    SecretBox box;

    @Test
    void secretsSealedWithThePreviousKeyAreSealedAgainWithTheNewOne() throws Exception {
        Api.Account user = Api.newUser("user");
        int id = user.api().body(Map.of("site", "rotate.example", "username", "rita", "password", "s3cret"))
                .post("/api/v1/site-accounts").then().statusCode(201).extract().path("id");
        byte[] cookies = box.seal("a cookie jar", contextOf(id, SiteAccounts.COOKIES));
        byte[] foreign = new SecretBox(new byte[32], 9).seal("from elsewhere", contextOf(id, SiteAccounts.COOKIES));
        QuarkusTransaction.requiringNew().run(() -> SiteAccount.<SiteAccount>findById((long) id).cookiesSealed = cookies);

        byte[] oldKey = SecretKeys.load(config.secret().key(), SecretFile.sharedDir(config),
                Path.of(config.dataDir()));
        byte[] newKey = oldKey.clone();
        newKey[0] ^= 0x5a;
        SecretBox rotated = new SecretBox(newKey, box.version() + 1, Map.of(box.version(), oldKey));
        assertTrue(new SecretRotation(rotated).reseal() >= 1);

        SiteAccount after = account(id);
        assertTrue(rotated.isCurrent(after.passwordSealed) && rotated.isCurrent(after.cookiesSealed));
        assertEquals("s3cret", rotated.openText(after.passwordSealed, after.context(SiteAccounts.PASSWORD)));
        assertEquals("a cookie jar", rotated.openText(after.cookiesSealed, after.context(SiteAccounts.COOKIES)));
        assertThrows(SecretBox.Unreadable.class, () -> box.open(after.passwordSealed, after.context(SiteAccounts.PASSWORD)),
                "the old key alone no longer opens it");

        // Cookies that no known key opens are dropped; a login makes new ones.
        QuarkusTransaction.requiringNew().run(() -> SiteAccount.<SiteAccount>findById((long) id).cookiesSealed = foreign);
        new SecretRotation(rotated).reseal();
        assertNull(account(id).cookiesSealed);
        assertFalse(Arrays.equals(foreign, account(id).passwordSealed));

        // Leave the row readable with the application's own key for whatever runs next.
        SecretBox back = new SecretBox(oldKey, box.version(), Map.of(box.version() + 1, newKey));
        new SecretRotation(back).reseal();
        assertEquals("s3cret", box.openText(account(id).passwordSealed, contextOf(id, SiteAccounts.PASSWORD)));
    }

    private static SiteAccount account(int id) {
        return QuarkusTransaction.requiringNew().call(() -> SiteAccount.<SiteAccount>findById((long) id));
    }

    private static String contextOf(int id, String purpose) {
        return account(id).context(purpose);
    }
}
