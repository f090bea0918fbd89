package org.latentarchive.explorer.es;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.latentarchive.index.EsClients;
import org.latentarchive.index.EsConfig;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;


/**
 * The explorer's only door to Elasticsearch: JSON over HTTP, so that it runs against any cluster (the development
 * node, docker/'s three nodes, a hosted one) with an API key or a user and password, and a private CA for TLS.
 * Services build the plugin's DSL as JSON and read the JSON answers; nothing else knows about HTTP.
 */
public final class ElasticsearchClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final String baseUrl;
    private final Optional<String> authorization;
    private final ObjectMapper json;

    public ElasticsearchClient(EsConfig config, ObjectMapper json) {
        this.baseUrl = config.url();
        this.json = json;
        this.authorization = config.authorization();
        HttpClient.Builder builder = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1);
        if (config.caCertificate() != null) {
            try {
                builder.sslContext(EsClients.sslTrusting(config.caCertificate()));
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        this.http = builder.build();
    }

    public ObjectMapper json() {
        return json;
    }

    public ObjectNode object() {
        return json.createObjectNode();
    }

    /** A search over {@code index}; the body is the plain search DSL. */
    public JsonNode search(String index, JsonNode body) {
        return send("POST", "/" + encode(index) + "/_search", body);
    }

    /** One document's source (only {@code includes} when given, never {@code excludes}), or empty when there is none. */
    public Optional<JsonNode> getSource(String index, String id, Collection<String> includes, Collection<String> excludes) {
        java.util.List<String> params = new java.util.ArrayList<>();
        if (!includes.isEmpty()) {
            params.add("_source_includes=" + encode(String.join(",", includes)));
        }
        if (!excludes.isEmpty()) {
            params.add("_source_excludes=" + encode(String.join(",", excludes)));
        }
        String path = "/" + encode(index) + "/_doc/" + encode(id) + (params.isEmpty() ? "" : "?" + String.join("&", params));
        try {
            JsonNode doc = send("GET", path, null);
            return doc.path("found").asBoolean(false) ? Optional.of(doc.path("_source")) : Optional.empty();
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Any request: {@code path} starts with "/", {@code body} may be null. */
    public JsonNode send(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT)
            .header("Accept", "application/json");
        authorization.ifPresent(value -> request.header("Authorization", value));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofByteArray(write(body)));
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ElasticsearchException("Elasticsearch at " + baseUrl + " cannot be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ElasticsearchException("interrupted while waiting for Elasticsearch", e);
        }
        JsonNode answer = read(response.body());
        if (response.statusCode() >= 300) {
            throw new ElasticsearchException(response.statusCode(), reason(answer, response.statusCode()));
        }
        return answer;
    }

    /** Elasticsearch's own words for an error: the root cause's reason when there is one. */
    private static String reason(JsonNode answer, int status) {
        JsonNode error = answer.path("error");
        JsonNode root = error.path("root_cause").path(0);
        String text = root.path("reason").asText(error.path("reason").asText(""));
        if (text.isEmpty() && error.isTextual()) {
            text = error.asText();
        }
        return text.isEmpty() ? "Elasticsearch answered " + status : text;
    }

    private byte[] write(JsonNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode read(byte[] body) {
        if (body.length == 0) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return json.createObjectNode().put("error", new String(body, StandardCharsets.UTF_8));
        }
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
