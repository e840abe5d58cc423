package dev.streamvcr;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

/**
 * Points the mailer at a free loopback port; a test that sends mail starts its own SMTP server there (GreenMail, or
 * one that refuses), since the mailer connects only when it sends. Nothing listens there otherwise, so a stray mail
 * from another test is refused, never delivered anywhere.
 */
public class SmtpPortResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return Map.of("quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port",
                    String.valueOf(socket.getLocalPort()), "quarkus.mailer.from", "streamvcr@test.example",
                    "quarkus.mailer.tls", "false", "quarkus.mailer.start-tls", "DISABLED");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // nothing was started
    }
}
