package dev.streamvcr.rtmp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PfxOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A self-signed certificate for localhost, for rtmps servers in tests. Vert.x's SelfSignedCertificate needs
 * BouncyCastle or JDK internals on this JDK: the JDK's keytool makes it instead.
 */
final class LocalhostCertificate {
    private LocalhostCertificate() {
    }

    /** A PKCS#12 key store holding the key and the certificate, usable as key store and as trust store. */
    static PfxOptions selfSigned() throws Exception {
        Path dir = Files.createTempDirectory("rtmps-test");
        Path store = dir.resolve("localhost.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-alias", "localhost", "-keyalg", "EC", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost",
                "-validity", "2").redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertEquals(0, keytool.waitFor(), "keytool: " + output);
        byte[] bytes = Files.readAllBytes(store);
        Files.delete(store);
        Files.delete(dir);
        return new PfxOptions().setValue(Buffer.buffer(bytes)).setPassword("changeit");
    }
}
