package org.latentarchive.explorer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.latentarchive.explorer.access.Access;
import org.latentarchive.explorer.access.Role;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may do what, over HTTP against an explorer of its own (with rate limits on, as in a public deployment): every
 * route that changes state is a curator's and refuses a request without a session (401) or without the session's
 * CSRF token (403), whichever route it is, so a route added later cannot be forgotten; sign-in gives a cookie
 * scripts cannot read, and guessing passwords is throttled; expensive public routes are rate-limited per client.
 */
class AccessTest {

    /** The only changes a visitor may make: signing in. Adding to this list needs a reason here. */
    private static final Set<String> PUBLIC_CHANGES = Set.of(
        "POST /api/session",      // signing in: it checks a password and is throttled per client
        "POST /api/search/image", // a query by a visitor's image: POST for its body, nothing is stored; rate-limited
        "POST /api/walk/image",   // the same, as a walk's start
        "POST /api/clusters/selection" // clusters of a map selection: POST for its list of ids, nothing is stored; rate-limited
    );
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private static Fixture f;
    private static ExplorerApp explorer;
    private static ApiClient anonymous;
    private static String baseUrl;

    @BeforeAll
    static void start() throws Exception {
        f = Fixture.get();
        ExplorerConfig config = Fixture.withCurators(ExplorerConfig.local(f.node.url(), 0), Fixture.CURATOR);
        explorer = ExplorerApp.start(config.withAccess(new ExplorerConfig.AccessConfig(config.access().accounts(), false, true)));
        baseUrl = "http://127.0.0.1:" + explorer.port();
        anonymous = ApiClient.anonymous(baseUrl);
    }

    @AfterAll
    static void stop() {
        if (explorer != null) {
            explorer.close();
        }
    }

    private static String concrete(String path) {
        return path.replaceAll("\\{[^}]+}", "x");
    }

    @Test
    void everyRouteThatChangesStateNeedsACuratorSessionAndItsCsrfToken() throws Exception {
        ApiClient curator = ApiClient.curator(baseUrl, Fixture.CURATOR, Fixture.PASSWORD);
        ApiClient forged = curator.withoutToken();
        List<String> checked = new ArrayList<>();
        for (ExplorerApp.Route route : explorer.routes()) {
            String name = route.method() + " " + route.path();
            boolean change = !READS.contains(route.method());
            if (change && PUBLIC_CHANGES.contains(name)) {
                continue;
            }
            if (change) {
                assertTrue(route.roles().contains(Role.CURATOR), name + " changes state, so it must be a curator's route");
            }
            if (!route.roles().contains(Role.CURATOR)) {
                continue;
            }
            String path = concrete(route.path());
            HttpResponse<String> noSession = anonymous.send(route.method(), path, change ? "{}" : null, "application/json");
            assertEquals(401, noSession.statusCode(), name + " without a session: " + noSession.body());
            if (change) {
                HttpResponse<String> noToken = forged.send(route.method(), path, "{}", "application/json");
                assertEquals(403, noToken.statusCode(), name + " without the CSRF token: " + noToken.body());
            }
            checked.add(name);
        }
        assertTrue(checked.contains("POST /api/annotations") && checked.contains("POST /api/models/{name}/apply")
            && checked.contains("POST /api/training") && checked.contains("DELETE /api/training/{id}")
            && checked.contains("POST /api/annotations/import") && checked.contains("GET /api/annotations/export")
            && checked.contains("POST /api/layouts") && checked.contains("GET /api/layouts/jobs/{id}"), "checked: " + checked);
        System.out.println("curator routes checked: " + checked.size() + " " + checked);
    }

    @Test
    void signingInGivesACookieScriptsCannotReadAndTheJudgementIsTheCurators() throws Exception {
        HttpResponse<String> signedIn = anonymous.postJson("/api/session",
            "{\"name\": \"" + Fixture.CURATOR + "\", \"password\": \"" + Fixture.PASSWORD + "\"}");
        assertEquals(200, signedIn.statusCode(), signedIn.body());
        String cookie = signedIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(Access.COOKIE + "=")).findFirst().orElseThrow();
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Strict"), cookie);
        assertFalse(signedIn.body().contains(Fixture.PASSWORD), "the password never comes back");

        ApiClient curator = ApiClient.curator(baseUrl, Fixture.CURATOR, Fixture.PASSWORD);
        assertEquals(Fixture.CURATOR, curator.getJson("/api/session").path("curator").asText());
        JsonNode nine = curator.getJson("/api/annotate/draw?seed=3").path("artworks");
        List<String> ids = new ArrayList<>();
        nine.forEach(a -> ids.add(a.path("id").asText()));
        String body = f.json.createObjectNode().put("anchor", ids.get(0)).put("positive", ids.get(1))
            .put("curator", "somebody-else").set("others", f.json.valueToTree(ids.subList(2, 9))).toString();
        HttpResponse<String> stored = curator.postJson("/api/annotations", body);
        assertEquals(201, stored.statusCode(), stored.body());
        assertEquals(Fixture.CURATOR, f.json.readTree(stored.body()).path("curator").asText(), "the session names the curator, not the body");

        assertEquals(204, curator.send("DELETE", "/api/session", null, null).statusCode());
        assertEquals(401, curator.get("/api/annotations/export").statusCode(), "signed out");
    }

    @Test
    void wrongPasswordsAreThrottledPerClient() throws Exception {
        String wrong = "{\"name\": \"" + Fixture.CURATOR + "\", \"password\": \"not the password\"}";
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> refused = anonymous.postJson("/api/session", wrong);
            assertEquals(401, refused.statusCode(), refused.body());
        }
        HttpResponse<String> throttled = anonymous.postJson("/api/session",
            "{\"name\": \"" + Fixture.CURATOR + "\", \"password\": \"" + Fixture.PASSWORD + "\"}");
        assertEquals(429, throttled.statusCode(), "even the right password waits after five wrong ones: " + throttled.body());
        long retryAfter = Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 30, "Retry-After " + retryAfter);
    }

    @Test
    void expensiveRoutesAreRateLimitedPerClientWithRetryAfter() throws Exception {
        int answered = 0;
        HttpResponse<String> last = null;
        for (int i = 0; i < 30; i++) {
            last = anonymous.get("/api/clusters?k=3&points=1");
            if (last.statusCode() == 429) {
                break;
            }
            assertEquals(200, last.statusCode(), last.body());
            answered++;
        }
        assertEquals(429, last.statusCode(), "a client gets a burst of cluster requests, then waits");
        assertTrue(answered >= 10, "the burst: " + answered);
        assertTrue(f.json.readTree(last.body()).path("error").asText().contains("too many clusters requests"), last.body());
        assertTrue(Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow()) >= 1);
        assertEquals(200, anonymous.get("/api/search?q=monet").statusCode(), "cheap routes are not limited");
    }

    @Test
    void aBodyOverItsLimitAnswers413() throws Exception {
        ApiClient curator = ApiClient.curator(baseUrl, Fixture.CURATOR, Fixture.PASSWORD);
        String huge = "{\"anchor\": \"" + "x".repeat(100_000) + "\"}";
        HttpResponse<String> tooLarge = curator.postJson("/api/annotations", huge);
        assertEquals(413, tooLarge.statusCode(), tooLarge.body());
    }

    @Test
    void aReadOnlyExplorerHasNoCuratorRoutesAtAll() throws Exception {
        try (ExplorerApp readOnly = ExplorerApp.start(ExplorerConfig.local(f.node.url(), 0)
            .withAccess(ExplorerConfig.AccessConfig.publicOnly()))) {
            ApiClient visitor = ApiClient.anonymous("http://127.0.0.1:" + readOnly.port());
            assertEquals(404, visitor.postJson("/api/annotations", "{}").statusCode());
            assertEquals(404, visitor.get("/api/session").statusCode());
            assertEquals(200, visitor.get("/api/search?q=monet").statusCode());
            assertTrue(readOnly.routes().stream().noneMatch(r -> r.roles().contains(Role.CURATOR)));
        }
    }
}
