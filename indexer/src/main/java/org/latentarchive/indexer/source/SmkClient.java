package org.latentarchive.indexer.source;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SMK Open API (https://api.smk.dk/api/v1): search with filters, paged, and single objects by number. The base
 * URL is configurable, so tests and mirrors can stand in for the live API.
 */
public final class SmkClient {

    public static final String DEFAULT_BASE_URL = "https://api.smk.dk/api/v1/";
    /** SMK's documented maximum page size. */
    public static final int MAX_ROWS = 2000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OkHttpClient http;
    private final HttpUrl base;
    private final RetryPolicy retry;

    public SmkClient(OkHttpClient http, String baseUrl, RetryPolicy retry) {
        HttpUrl parsed = HttpUrl.parse(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        if (parsed == null) {
            throw new IllegalArgumentException("not an http(s) URL: " + baseUrl);
        }
        this.http = http;
        this.base = parsed;
        this.retry = retry;
    }

    /** One page of search results. */
    public record SearchPage(long found, int offset, List<JsonNode> items) {
    }

    public SearchPage search(String keys, List<String> filters, int offset, int rows) throws IOException {
        HttpUrl.Builder url = base.newBuilder().addPathSegments("art/search/")
            .addQueryParameter("keys", keys == null || keys.isBlank() ? "*" : keys)
            .addQueryParameter("offset", Integer.toString(offset))
            .addQueryParameter("rows", Integer.toString(Math.min(rows, MAX_ROWS)))
            .addQueryParameter("lang", "en");
        if (!filters.isEmpty()) {
            url.addQueryParameter("filters", String.join(",", filters));
        }
        JsonNode body = getJson(url.build());
        List<JsonNode> items = new ArrayList<>();
        body.path("items").forEach(items::add);
        return new SearchPage(body.path("found").asLong(items.size()), offset, items);
    }

    /** One object by its number ({@code /} , spaces and non-ASCII are encoded); empty for an unknown number. */
    public Optional<JsonNode> object(String objectNumber) throws IOException {
        HttpUrl url = base.newBuilder().addPathSegments("art/").addQueryParameter("object_number", objectNumber)
            .addQueryParameter("lang", "en").build();
        JsonNode body = getJson(url);
        JsonNode items = body.path("items");
        return items.isArray() && !items.isEmpty() ? Optional.of(items.get(0)) : Optional.empty();
    }

    private JsonNode getJson(HttpUrl url) throws IOException {
        return retry.call("GET " + url, () -> {
            Request request = new Request.Builder().url(url).header("Accept", "application/json").build();
            try (Response response = http.newCall(request).execute()) {
                if (!response.isSuccessful()) {
                    throw RetryPolicy.HttpStatusException.of(response);
                }
                String text = response.body().string();
                try {
                    JsonNode node = JSON.readTree(text);
                    if (node == null || !node.isObject()) {
                        throw new IOException("SMK answered something other than a JSON object at " + url);
                    }
                    return node;
                } catch (JacksonException e) {
                    throw new IOException("malformed JSON from SMK at " + url + ": " + e.getOriginalMessage());
                }
            }
        });
    }
}
