package org.latentarchive.explorer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.latentarchive.explorer.access.Access;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The explorer's API as one visitor sees it: anonymous, or signed in as a curator (the session cookie and the CSRF
 * token go with every request, as the page sends them).
 */
final class ApiClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final Optional<String> cookie;
    private final Optional<String> csrfToken;

    private ApiClient(String baseUrl, Optional<String> cookie, Optional<String> csrfToken) {
        this.baseUrl = baseUrl;
        this.cookie = cookie;
        this.csrfToken = csrfToken;
    }

    static ApiClient anonymous(String baseUrl) {
        return new ApiClient(baseUrl, Optional.empty(), Optional.empty());
    }

    /** Signs in through POST /api/session; fails the test when the explorer refuses. */
    static ApiClient curator(String baseUrl, String name, String password) throws Exception {
        ApiClient anonymous = anonymous(baseUrl);
        HttpResponse<String> signedIn = anonymous.send("POST", "/api/session",
            JSON.createObjectNode().put("name", name).put("password", password).toString(), "application/json");
        if (signedIn.statusCode() != 200) {
            throw new AssertionError("signing in as " + name + " answered " + signedIn.statusCode() + ": " + signedIn.body());
        }
        String cookie = signedIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(Access.COOKIE + "="))
            .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'))).findFirst()
            .orElseThrow(() -> new AssertionError("no session cookie: " + signedIn.headers().map()));
        return new ApiClient(baseUrl, Optional.of(cookie), Optional.of(JSON.readTree(signedIn.body()).path("csrfToken").asText()));
    }

    /** The same session without its CSRF token: what a forged cross-site request would carry. */
    ApiClient withoutToken() {
        return new ApiClient(baseUrl, cookie, Optional.empty());
    }

    HttpResponse<String> send(String method, String path, String body, String type) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(120));
        cookie.ifPresent(c -> request.header("Cookie", c));
        csrfToken.ifPresent(t -> request.header(Access.CSRF_HEADER, t));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", type).method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null, null);
    }

    HttpResponse<String> postJson(String path, String json) throws Exception {
        return send("POST", path, json, "application/json");
    }

    JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
