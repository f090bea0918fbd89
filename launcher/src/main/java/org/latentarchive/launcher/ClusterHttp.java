package org.latentarchive.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** JSON over HTTP to one node of a local cluster, for the cluster's check and tests. */
final class ClusterHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String url;

    ClusterHttp(HttpClient http, String url) {
        this.http = http;
        this.url = url;
    }

    /** A request whose status the caller judges (the fault check counts 5xx). */
    HttpResponse<String> raw(String method, String path, String body, Duration timeout) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(timeout)
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", path.endsWith("_bulk") ? "application/x-ndjson" : "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request that must succeed (2xx); its answer as JSON. */
    JsonNode send(String method, String path, Object body) throws IOException, InterruptedException {
        String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
        HttpResponse<String> response = raw(method, path, text, Duration.ofSeconds(120));
        if (response.statusCode() / 100 != 2) {
            throw new IOException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    /** A bulk request (NDJSON lines, each ending in a newline). */
    JsonNode bulk(String lines) throws IOException, InterruptedException {
        return send("POST", "/_bulk", lines);
    }
}
