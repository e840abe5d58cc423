package dev.streamvcr.site.login;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretBoxTest {

    private static final byte[] KEY = new byte[32];

    static {
        Arrays.fill(KEY, (byte) 7);
    }

    private final SecretBox box = new SecretBox(KEY, 1);

    @Test
    void roundTripUsesAFreshNonceEachTime() throws Exception {
        byte[] a = box.seal("hunter2", "site_account:1:owner 5:password");
        byte[] b = box.seal("hunter2", "site_account:1:owner 5:password");
        assertFalse(Arrays.equals(a, b), "two seals of the same text differ (random nonce)");
        assertEquals("hunter2", box.openText(a, "site_account:1:owner 5:password"));
        assertEquals("hunter2", box.openText(b, "site_account:1:owner 5:password"));
        assertFalse(new String(a, StandardCharsets.ISO_8859_1).contains("hunter2"), "the plain text is not in the blob");
        assertEquals(4 + 12 + 7 + 16, a.length);
    }

    @Test
    void everyFlippedByteIsDetected() {
        byte[] sealed = box.seal("hunter2", "ctx");
        for (int i = 4; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            SecretBox.Unreadable e = assertThrows(SecretBox.Unreadable.class, () -> box.open(tampered, "ctx"));
            assertTrue(e.getMessage().contains("authentication failed"), e.getMessage());
        }
        assertThrows(SecretBox.Unreadable.class, () -> box.open(Arrays.copyOf(sealed, 20), "ctx"));
    }

    @Test
    void aCiphertextMovedToAnotherRowOwnerOrPurposeDoesNotOpen() throws Exception {
        byte[] sealed = box.seal("hunter2", "site_account:1:owner 5:password");
        assertThrows(SecretBox.Unreadable.class, () -> box.open(sealed, "site_account:2:owner 5:password"));
        assertThrows(SecretBox.Unreadable.class, () -> box.open(sealed, "site_account:1:owner 6:password"));
        assertThrows(SecretBox.Unreadable.class, () -> box.open(sealed, "site_account:1:owner 5:cookies"));
        assertEquals("hunter2", box.openText(sealed, "site_account:1:owner 5:password"));
    }

    @Test
    void anotherKeyOrKeyVersionIsRefusedWithAReason() {
        byte[] sealed = box.seal("hunter2", "ctx");
        byte[] otherKey = KEY.clone();
        otherKey[0] = 9;
        assertThrows(SecretBox.Unreadable.class, () -> new SecretBox(otherKey, 1).open(sealed, "ctx"));
        SecretBox.Unreadable e = assertThrows(SecretBox.Unreadable.class, () -> new SecretBox(KEY, 2).open(sealed, "ctx"));
        assertEquals("it was encrypted with key version 1 and this server has version 2", e.getMessage());
        // The version is authenticated too: rewriting it in the blob does not help.
        byte[] relabelled = sealed.clone();
        relabelled[3] = 2;
        assertThrows(SecretBox.Unreadable.class, () -> new SecretBox(KEY, 2).open(relabelled, "ctx"));
    }

    @Test
    void keyFromTheEnvironmentWinsAndNoFileIsWritten(@TempDir Path dir) {
        byte[] key = new byte[32];
        key[31] = 42;
        byte[] loaded = SecretKeys.load(Optional.of(Base64.getEncoder().encodeToString(key) + "\n"),
                dir.resolve("shared"), dir);
        assertArrayEquals(key, loaded);
        assertFalse(Files.exists(dir.resolve("secret.key")));
        assertFalse(Files.exists(dir.resolve("shared")));
    }

    @Test
    void withoutAConfiguredKeyOneIsGeneratedOnceInAPrivateFile(@TempDir Path dir) throws Exception {
        Path shared = dir.resolve("shared");
        Path data = dir.resolve("data");
        byte[] first = SecretKeys.load(Optional.empty(), shared, data);
        Path file = shared.resolve("secret.key");
        assertFalse(Files.exists(data.resolve("secret.key")), "the node's own directory keeps none");
        assertTrue(Files.exists(file));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
        assertEquals(32, first.length);
        assertArrayEquals(first, SecretKeys.load(Optional.of(" "), shared, data), "the same key on the next start");
        byte[] sealed = new SecretBox(first, 1).seal("x", "c");
        assertEquals("x", new SecretBox(SecretKeys.load(Optional.empty(), shared, data), 1).openText(sealed, "c"));
        assertNotEquals(0, Arrays.hashCode(first));
    }

    @Test
    void aBadConfiguredKeySaysHowToMakeOne(@TempDir Path dir) {
        IllegalStateException shortKey = assertThrows(IllegalStateException.class,
                () -> SecretKeys.load(Optional.of(Base64.getEncoder().encodeToString(new byte[16])), dir, dir));
        assertTrue(shortKey.getMessage().contains("must be 32 bytes"), shortKey.getMessage());
        IllegalStateException notBase64 = assertThrows(IllegalStateException.class,
                () -> SecretKeys.load(Optional.of("not base64!"), dir, dir));
        assertTrue(notBase64.getMessage().contains("openssl rand -base64 32"), notBase64.getMessage());
    }

    @Test
    void aPreviousKeyStillOpensWhatItSealedAndIsToldApart() throws Exception {
        byte[] newKey = new byte[32];
        Arrays.fill(newKey, (byte) 9);
        byte[] old = box.seal("hunter2", "ctx");
        SecretBox rotated = new SecretBox(newKey, 2, java.util.Map.of(1, KEY));

        assertFalse(rotated.isCurrent(old));
        assertEquals("hunter2", rotated.openText(old, "ctx"));
        byte[] again = rotated.seal("hunter2", "ctx");
        assertTrue(rotated.isCurrent(again));
        assertEquals("hunter2", rotated.openText(again, "ctx"));
        SecretBox.Unreadable withoutIt = assertThrows(SecretBox.Unreadable.class,
                () -> new SecretBox(newKey, 2).open(old, "ctx"));
        assertEquals("it was encrypted with key version 1 and this server has version 2", withoutIt.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SecretBox(newKey, 1, java.util.Map.of(1, KEY)),
                "a previous key cannot have the current version");
    }

    @Test
    void previousKeysAreReadAsVersionAndBase64OrHex() {
        byte[] a = new byte[32];
        a[0] = 1;
        byte[] b = new byte[32];
        b[31] = 2;
        java.util.Map<Integer, byte[]> keys = SecretKeys.previous(Optional.of(" 1:" + Base64.getEncoder().encodeToString(a)
                + " , 3:" + java.util.HexFormat.of().formatHex(b) + ","));
        assertEquals(java.util.Set.of(1, 3), keys.keySet());
        assertArrayEquals(a, keys.get(1));
        assertArrayEquals(b, keys.get(3));
        assertTrue(SecretKeys.previous(Optional.empty()).isEmpty());
        for (String bad : new String[] {"x:" + Base64.getEncoder().encodeToString(a), "1:" + Base64.getEncoder()
                .encodeToString(new byte[16]), "1:not a key", "1:" + Base64.getEncoder().encodeToString(a) + ",1:"
                + Base64.getEncoder().encodeToString(b)}) {
            assertThrows(IllegalStateException.class, () -> SecretKeys.previous(Optional.of(bad)), bad);
        }
    }
}
