package org.latentarchive.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

/** Builds the official Java client from an {@link EsConfig}, and the TLS context every client of the project uses. */
public final class EsClients {

    private EsClients() {
    }

    public static ElasticsearchClient connect(EsConfig config) throws IOException {
        SSLContext ssl = config.caCertificate() == null ? null : sslTrusting(config.caCertificate());
        return ElasticsearchClient.of(b -> {
            b.host(config.url()).jsonMapper(new JacksonJsonpMapper());
            if (config.apiKey() != null) {
                b.apiKey(config.apiKey());
            } else if (config.username() != null) {
                b.usernameAndPassword(config.username(), config.password() == null ? "" : config.password());
            }
            if (ssl != null) {
                b.sslContext(ssl);
            }
            return b;
        });
    }

    /** An SSL context that trusts the certificates in a PEM file (the cluster's CA). */
    public static SSLContext sslTrusting(java.nio.file.Path caCertificate) throws IOException {
        try (InputStream in = Files.newInputStream(caCertificate)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new IOException("no certificate in " + caCertificate);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use the CA certificate " + caCertificate + ": " + e.getMessage(), e);
        }
    }
}
