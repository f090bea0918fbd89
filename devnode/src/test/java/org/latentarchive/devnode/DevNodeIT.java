package org.latentarchive.devnode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DevNodeIT {

    private static final Path DIST = Path.of(System.getProperty("devnode.dist", "target/devnode"));

    @Test
    void nodeServesThePluginAndKeepsItsDataAcrossRestarts(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("home");
        Path data = dir.resolve("data");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
             HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            try (DevNode node = DevNode.start(DIST, home, data, 0, out, Duration.ofMinutes(2))) {
                assertTrue(node.port() > 0);
                String plugins = NodeHttp.send(http, "GET", node.url() + "/_cat/plugins?h=component", null).body();
                assertTrue(plugins.contains("latent-archive"), plugins);
                assertEquals(201, NodeHttp.send(http, "PUT", node.url() + "/kept/_doc/1?refresh=true", "{\"title\":\"Seascape\"}").statusCode());
            }
            try (DevNode node = DevNode.start(DIST, home, data, 0, out, Duration.ofMinutes(2))) {
                HttpResponse<String> doc = NodeHttp.send(http, "GET", node.url() + "/kept/_doc/1", null);
                assertEquals(200, doc.statusCode(), doc.body());
                assertTrue(doc.body().contains("Seascape"), doc.body());
                node.close();
                assertFalse(node.isAlive());
            }
        }
    }
}
