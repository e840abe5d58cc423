package dev.streamvcr.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileVariablesTest {

    @Test
    void ourSecretsComeFromFilesButOtherQuarkusFileSettingsStayAsTheyAre(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("smtp"), "smtp-secret\n");
        Map<String, String> values = FileVariablesConfigSource.readFileVariables(Map.of(
                "QUARKUS_MAILER_PASSWORD_FILE", secret.toString(),
                "STREAMVCR_ADMIN_PASSWORD_FILE", secret.toString(),
                "QUARKUS_HTTP_SSL_CERTIFICATE_KEY_STORE_FILE", secret.toString()));
        assertEquals(Map.of("QUARKUS_MAILER_PASSWORD", "smtp-secret", "STREAMVCR_ADMIN_PASSWORD", "smtp-secret"),
                values);
    }

    @Test
    void aVariableSetDirectlyWinsOverItsFile(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("smtp"), "from-file");
        assertEquals(Map.of(), FileVariablesConfigSource.readFileVariables(Map.of(
                "QUARKUS_MAILER_PASSWORD_FILE", secret.toString(), "QUARKUS_MAILER_PASSWORD", "direct")));
    }
}
