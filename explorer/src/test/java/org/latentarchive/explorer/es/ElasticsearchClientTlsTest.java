package org.latentarchive.explorer.es;

import org.latentarchive.index.EsConfig;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client's transport to a secured cluster: TLS signed by a private CA (given as PEM, as Elasticsearch's security
 * set-up writes it) and the credentials header. The far end is an HTTPS stand-in that records what arrives: what
 * is checked here is the client's side of the wire, which the development node (plain HTTP) cannot show.
 */
class ElasticsearchClientTlsTest {

    @TempDir
    static Path dir;
    private static HttpsServer server;
    private static Path caPem;
    private static final List<String> AUTHORIZATION = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Path keystore = dir.resolve("node.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "node", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
            "-dname", "CN=es-node", "-ext", "SAN=ip:127.0.0.1", "-keystore", keystore.toString(),
            "-storetype", "PKCS12", "-storepass", "changeit");
        caPem = dir.resolve("ca.pem");
        run(keytool, "-exportcert", "-rfc", "-alias", "node", "-keystore", keystore.toString(), "-storepass", "changeit",
            "-file", caPem.toString());

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore.toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/artworks/_count", exchange -> {
            AUTHORIZATION.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = "{\"count\":3}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void apiKeyTravelsOverTlsTrustedThroughThePrivateCa() {
        var client = new ElasticsearchClient(new EsConfig(url(), "a2V5OnNlY3JldA==", null, null, caPem), new ObjectMapper());
        assertEquals(3, client.send("GET", "/artworks/_count", null).path("count").asInt());
        assertEquals("ApiKey a2V5OnNlY3JldA==", AUTHORIZATION.getLast());
    }

    @Test
    void userAndPasswordTravelAsBasicAuth() {
        var client = new ElasticsearchClient(new EsConfig(url(), null, "curator", "s3cret", caPem), new ObjectMapper());
        client.send("GET", "/artworks/_count", null);
        assertEquals("Basic " + Base64.getEncoder().encodeToString("curator:s3cret".getBytes(StandardCharsets.UTF_8)),
            AUTHORIZATION.getLast());
    }

    @Test
    void aClusterWhoseCertificateIsNotTrustedIsRefused() {
        var client = new ElasticsearchClient(EsConfig.of(url()), new ObjectMapper());
        ElasticsearchException e = assertThrows(ElasticsearchException.class, () -> client.send("GET", "/artworks/_count", null));
        assertEquals(0, e.status());
        assertTrue(e.getMessage().contains("cannot be reached"), e.getMessage());
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0 || !Files.exists(Path.of(command[command.length - 1])) && command[1].equals("-exportcert")) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
