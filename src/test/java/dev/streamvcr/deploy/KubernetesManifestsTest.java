package dev.streamvcr.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.streamvcr.config.StreamVcrConfig;
import io.smallrye.config.WithName;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The manifests in {@code deploy/k8s} hold together: the Deployment's probes ask the app's health endpoints, every
 * variable it sets is a setting the README and {@code .env.example} document, the secrets come from Secrets, the
 * storage is one claim every pod mounts, and the budget and the Service select the Deployment's pods.
 */
class KubernetesManifestsTest {

    static final Path DIR = Path.of("deploy/k8s");
    private static final YAMLMapper YAML = new YAMLMapper();

    /** Each manifest kustomization.yaml lists, by kind. */
    static Map<String, JsonNode> manifests() throws IOException {
        Map<String, JsonNode> byKind = new HashMap<>();
        for (JsonNode file : YAML.readTree(DIR.resolve("kustomization.yaml").toFile()).get("resources")) {
            JsonNode manifest = YAML.readTree(DIR.resolve(file.asText()).toFile());
            assertEquals(null, byKind.put(manifest.get("kind").asText(), manifest), "two of " + manifest.get("kind"));
        }
        return byKind;
    }

    static JsonNode container() throws IOException {
        JsonNode containers = manifests().get("Deployment").at("/spec/template/spec/containers");
        assertEquals(1, containers.size());
        return containers.get(0);
    }

    @Test
    void probesAskTheHealthEndpointsOnTheAppsPort() throws IOException {
        JsonNode container = container();
        assertEquals("/q/health/live", container.at("/livenessProbe/httpGet/path").asText());
        assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText());
        assertEquals("/q/health/live", container.at("/startupProbe/httpGet/path").asText());
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertEquals("http", container.at("/" + probe + "/httpGet/port").asText(), probe);
        }
        assertEquals("http", container.at("/ports/0/name").asText());
        assertEquals(8080, container.at("/ports/0/containerPort").asInt(), "the app's default QUARKUS_HTTP_PORT");
        JsonNode annotations = manifests().get("Deployment").at("/spec/template/metadata/annotations");
        assertEquals("true", annotations.get("prometheus.io/scrape").asText());
        assertEquals("/q/metrics", annotations.get("prometheus.io/path").asText());
        assertEquals("8080", annotations.get("prometheus.io/port").asText());
    }

    @Test
    void everyVariableSetIsADocumentedSetting() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String envExample = Files.readString(Path.of(".env.example"));
        Set<String> settings = settings(StreamVcrConfig.class, "streamvcr.");
        List<String> names = new ArrayList<>();
        for (JsonNode env : container().get("env")) {
            String name = env.get("name").asText();
            names.add(name);
            if (name.startsWith("STREAMVCR_")) {
                assertTrue(settings.contains(name), name + " is no setting of StreamVcrConfig: " + settings);
            } else {
                assertTrue(name.startsWith("QUARKUS_"), name);
            }
            assertTrue(inConfigurationTable(readme, name), name + " is not in the README's configuration table");
            assertTrue(envExample.contains("# " + name + "="), name + " is not in .env.example");
        }
        assertEquals(names.size(), new TreeSet<>(names).size(), "a variable set twice: " + names);
    }

    @Test
    void secretsComeFromSecretsAndTheNodeIdFromThePodName() throws IOException {
        Map<String, JsonNode> env = new HashMap<>();
        container().get("env").forEach(e -> env.put(e.get("name").asText(), e));
        for (String secret : List.of("STREAMVCR_SECRET_KEY", "STREAMVCR_PREVIEW_KEY", "STREAMVCR_PREVIEW_CODE_KEY",
                "STREAMVCR_ADMIN_PASSWORD", "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
                "QUARKUS_DATASOURCE_PASSWORD")) {
            assertTrue(env.containsKey(secret), secret + " is not set");
            assertFalse(env.get(secret).has("value"), secret + " is written into the manifest");
            assertFalse(env.get(secret).at("/valueFrom/secretKeyRef/name").asText().isEmpty(), secret);
        }
        assertEquals("metadata.name", env.get("STREAMVCR_NODE_ID").at("/valueFrom/fieldRef/fieldPath").asText());
    }

    @Test
    void everyPodMountsTheOneReadWriteManyClaimAtTheStorageDirectory() throws IOException {
        Map<String, JsonNode> manifests = manifests();
        JsonNode claim = manifests.get("PersistentVolumeClaim");
        assertEquals(List.of("ReadWriteMany"), YAML.convertValue(claim.at("/spec/accessModes"), List.class));
        JsonNode pod = manifests.get("Deployment").at("/spec/template/spec");
        String volume = null;
        for (JsonNode each : pod.get("volumes")) {
            if (claim.at("/metadata/name").asText().equals(each.at("/persistentVolumeClaim/claimName").asText())) {
                volume = each.get("name").asText();
            }
        }
        assertTrue(volume != null, "no volume of the claim");
        String storageDir = null;
        for (JsonNode env : container().get("env")) {
            if (env.get("name").asText().equals("STREAMVCR_STORAGE_DIR")) {
                storageDir = env.get("value").asText();
            }
        }
        String mountedAt = null;
        for (JsonNode mount : container().get("volumeMounts")) {
            if (mount.get("name").asText().equals(volume)) {
                mountedAt = mount.get("mountPath").asText();
            }
        }
        assertEquals(mountedAt, storageDir, "STREAMVCR_STORAGE_DIR is where the shared claim is mounted");
        assertTrue(manifests.get("Deployment").at("/spec/replicas").asInt() >= 2, "more than one node");
    }

    @Test
    void theBudgetAndTheServiceSelectTheDeploymentsPods() throws IOException {
        Map<String, JsonNode> manifests = manifests();
        JsonNode deployment = manifests.get("Deployment");
        Map<?, ?> podLabels = YAML.convertValue(deployment.at("/spec/template/metadata/labels"), Map.class);
        Map<?, ?> deploymentSelects = YAML.convertValue(deployment.at("/spec/selector/matchLabels"), Map.class);
        Map<?, ?> budgetSelects = YAML.convertValue(manifests.get("PodDisruptionBudget")
                .at("/spec/selector/matchLabels"), Map.class);
        Map<?, ?> serviceSelects = YAML.convertValue(manifests.get("Service").at("/spec/selector"), Map.class);
        for (Map<?, ?> selector : List.of(deploymentSelects, budgetSelects, serviceSelects)) {
            assertFalse(selector.isEmpty());
            assertTrue(podLabels.entrySet().containsAll(selector.entrySet()), selector + " against " + podLabels);
        }
        assertTrue(manifests.get("PodDisruptionBudget").at("/spec/maxUnavailable").asInt()
                < deployment.at("/spec/replicas").asInt(), "a drain must leave a node running");
        assertEquals("http", manifests.get("Service").at("/spec/ports/0/targetPort").asText());
    }

    /** Whether a row of the README's configuration table names the variable, alone or as {@code `X_A` / `_B`}. */
    static boolean inConfigurationTable(String readme, String name) {
        int last = name.lastIndexOf('_');
        String section = readme.substring(readme.indexOf("\n## Configuration\n"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        return section.lines().filter(line -> line.startsWith("| `")).anyMatch(row -> row.contains("`" + name + "`")
                || row.contains("`" + name.substring(0, last)) && row.contains("`" + name.substring(last) + "`"));
    }

    /** The environment variables of a {@code @ConfigMapping} interface and its groups. */
    static Set<String> settings(Class<?> mapping, String prefix) {
        Set<String> names = new TreeSet<>();
        for (Method method : mapping.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || method.isDefault() || method.getParameterCount() > 0) {
                continue;
            }
            WithName renamed = method.getAnnotation(WithName.class);
            String key = prefix + (renamed != null ? renamed.value()
                    : method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase());
            Class<?> type = method.getReturnType();
            if (type.isInterface() && type.getEnclosingClass() != null
                    && type.getName().startsWith(StreamVcrConfig.class.getName())) {
                names.addAll(settings(type, key + "."));
            } else {
                names.add(key.toUpperCase().replace('.', '_').replace('-', '_'));
            }
        }
        return names;
    }
}
