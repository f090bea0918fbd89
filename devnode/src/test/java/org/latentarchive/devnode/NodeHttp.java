package org.latentarchive.devnode;

import org.elasticsearch.common.xcontent.XContentHelper;
import org.elasticsearch.xcontent.json.JsonXContent;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** JSON over HTTP to a development node, for the tests. */
final class NodeHttp {

    private NodeHttp() {}

    static HttpResponse<String> send(HttpClient http, String method, String url, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET {@code url}, which must answer 200, as a map. */
    static Map<String, Object> getJson(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<String> response = send(http, "GET", url, null);
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return XContentHelper.convertToMap(JsonXContent.jsonXContent, response.body(), false);
    }
}
