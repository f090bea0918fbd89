package org.latentarchive.launcher;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docker/compose.yaml asks its nodes for what {@link LocalCluster} runs on 127.0.0.1 (cluster name, node names,
 * discovery, bootstrap, heap), so the node settings of the compose file have really run; it adds only security:
 * TLS between nodes and to clients, with each node's own certificate, and programs that connect with an API key and
 * the CA.
 */
class ComposeSettingsTest {

    private static Map<String, Object> file;
    private static Map<String, Object> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readTheComposeFile() throws IOException {
        Path compose = Path.of(System.getProperty("compose.file", "../docker/compose.yaml"));
        try (Reader in = Files.newBufferedReader(compose)) {
            // Compose's `<<:` merge keys are YAML merge keys, which SnakeYAML resolves as Compose does.
            file = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            services = (Map<String, Object>) file.get("services");
        }
    }

    @Test
    void nodesHaveTheLocalClustersNamesDiscoveryAndHeap() {
        List<String> names = List.of(LocalCluster.nodeName(0), LocalCluster.nodeName(1), LocalCluster.nodeName(2));
        for (String name : names) {
            Map<String, Object> env = environment(name);
            assertEquals(name, env.get("node.name"));
            assertEquals(LocalCluster.CLUSTER_NAME, env.get("cluster.name"));
            assertEquals(String.join(",", names), env.get("discovery.seed_hosts"));
            assertEquals(String.join(",", names), env.get("cluster.initial_master_nodes"));
            assertEquals("-Xms" + LocalCluster.DEFAULT_HEAP + " -Xmx" + LocalCluster.DEFAULT_HEAP, env.get("ES_JAVA_OPTS"));
        }
        assertEquals(List.of("127.0.0.1:" + LocalCluster.HTTP_PORT + ":9200"), service("es01").get("ports"));
    }

    @Test
    void nodesTalkTlsWithTheirOwnCertificates() {
        for (String name : List.of("es01", "es02", "es03")) {
            Map<String, Object> env = environment(name);
            assertEquals("true", env.get("xpack.security.enabled"));
            for (String layer : List.of("http", "transport")) {
                String prefix = "xpack.security." + layer + ".ssl.";
                assertEquals("true", env.get(prefix + "enabled"), name + " " + layer);
                assertEquals("certs/" + name + "/" + name + ".key", env.get(prefix + "key"));
                assertEquals("certs/" + name + "/" + name + ".crt", env.get(prefix + "certificate"));
                assertEquals("certs/ca/ca.crt", env.get(prefix + "certificate_authorities"));
            }
            assertTrue(String.valueOf(env.get("ELASTIC_PASSWORD_FILE")).startsWith("/run/latent-archive/secrets/"),
                "the password comes from the setup service's volume, not from the compose file");
            assertTrue(dependsOn(name).containsKey("setup"), name + " waits for its certificate");
        }
    }

    @Test
    void indexerAndExplorerConnectWithAnApiKeyAndTheCa() {
        for (String program : List.of("indexer", "explorer")) {
            Map<String, Object> env = environment(program);
            assertEquals("https://es01:9200", env.get("LATENT_ARCHIVE_ES_URL"));
            assertEquals("/run/latent-archive/certs/ca/ca.crt", env.get("LATENT_ARCHIVE_ES_CA"));
            assertEquals("/run/latent-archive/secrets/" + program + ".api-key", env.get("LATENT_ARCHIVE_ES_API_KEY_FILE"));
            assertTrue(!env.containsKey("LATENT_ARCHIVE_ES_PASSWORD") && !env.containsKey("LATENT_ARCHIVE_ES_API_KEY"),
                "no secret in the compose file");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void explorerHasAHealthCheckAndKeepsItsModels() {
        Map<String, Object> explorer = service("explorer");
        assertTrue(String.valueOf(((Map<String, Object>) explorer.get("healthcheck")).get("test")).contains("/api/status"));
        List<String> volumes = (List<String>) explorer.get("volumes");
        assertTrue(volumes.stream().anyMatch(v -> v.startsWith("tuned-models:/var/lib/latent-archive/models")), volumes.toString());
        assertTrue(((Map<String, Object>) file.get("volumes")).containsKey("tuned-models"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) {
        Map<String, Object> service = (Map<String, Object>) services.get(name);
        assertTrue(service != null, "docker/compose.yaml has a service " + name);
        return service;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(String name) {
        return (Map<String, Object>) service(name).get("environment");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dependsOn(String name) {
        return (Map<String, Object>) service(name).get("depends_on");
    }
}
