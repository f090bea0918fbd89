package org.latentarchive.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client reaches a cluster over TLS signed by a private CA, with an API key or a user and password. An HTTPS
 * server with a certificate from a CA made for the test stands in for the cluster (it answers as Elasticsearch does).
 */
class EsClientsTest {

    private MockWebServer server;
    private Path caPem;

    @BeforeEach
    void startTlsServer(@TempDir Path dir) throws Exception {
        HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("test CA").build();
        HeldCertificate serverCertificate = new HeldCertificate.Builder().signedBy(ca)
            .addSubjectAlternativeName("localhost").addSubjectAlternativeName("127.0.0.1").build();
        server = new MockWebServer();
        server.useHttps(new HandshakeCertificates.Builder().heldCertificate(serverCertificate).build().sslSocketFactory());
        server.start();
        caPem = dir.resolve("ca.pem");
        Files.writeString(caPem, ca.certificatePem());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void answerAsElasticsearch() {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("X-Elastic-Product", "Elasticsearch")
            .addHeader("Content-Type", "application/json").build());
    }

    private String url() {
        return server.url("/").toString();
    }

    @Test
    void apiKeyOverTlsSignedByThePrivateCa() throws Exception {
        answerAsElasticsearch();
        ElasticsearchClient client = EsClients.connect(new EsConfig(url(), "a2V5OnNlY3JldA==", null, null, caPem));
        try {
            assertTrue(client.indices().exists(e -> e.index("artworks")).value());
        } finally {
            client._transport().close();
        }
        RecordedRequest request = server.takeRequest();
        assertEquals("ApiKey a2V5OnNlY3JldA==", request.getHeaders().get("Authorization"));
        assertEquals("/artworks", request.getUrl().encodedPath());
    }

    @Test
    void userAndPasswordAreSentAsBasicAuth() throws Exception {
        answerAsElasticsearch();
        ElasticsearchClient client = EsClients.connect(new EsConfig(url(), null, "indexer", "s3cret", caPem));
        try {
            client.indices().exists(e -> e.index("artworks"));
        } finally {
            client._transport().close();
        }
        String expected = "Basic " + Base64.getEncoder().encodeToString("indexer:s3cret".getBytes(StandardCharsets.UTF_8));
        assertEquals(expected, server.takeRequest().getHeaders().get("Authorization"));
    }

    @Test
    void withoutTheCaTheServerIsNotTrusted() throws Exception {
        answerAsElasticsearch();
        ElasticsearchClient client = EsClients.connect(EsConfig.of(url()));
        try {
            assertThrows(Exception.class, () -> client.indices().exists(e -> e.index("artworks")));
        } finally {
            client._transport().close();
        }
    }

    @Test
    void aFileWithoutCertificatesIsAClearError(@TempDir Path dir) throws Exception {
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
        var e = assertThrows(java.io.IOException.class, () -> EsClients.connect(new EsConfig(url(), null, null, null, notPem)));
        assertTrue(e.getMessage().contains("ca.pem"), e.getMessage());
    }
}
