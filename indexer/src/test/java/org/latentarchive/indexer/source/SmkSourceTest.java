package org.latentarchive.indexer.source;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SMK Open client and source against a local server that answers in the API's documented shapes (the live API is
 * not reachable from here): paging, both record shapes, 429 with Retry-After, 5xx, timeouts, malformed JSON, object
 * numbers that need encoding, and the image download cache.
 */
class SmkSourceTest {

    private MockWebServer server;
    private OkHttpClient http;
    private final RetryPolicy fastRetry = new RetryPolicy(4, Duration.ofMillis(50), Duration.ofSeconds(5));

    @TempDir
    Path cache;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        http = new OkHttpClient.Builder().readTimeout(Duration.ofMillis(500)).build();
    }

    @AfterEach
    void stop() {
        server.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private SmkClient client() {
        return new SmkClient(http, server.url("/api/v1/").toString(), fastRetry);
    }

    private SmkSource source(int rows, List<String> objects) {
        ImageFetcher images = new ImageFetcher(http, cache, 1 << 20, Duration.ofSeconds(2), 2, fastRetry);
        return new SmkSource(client(), images, "*", SmkSource.filters(List.of("object_names:maleri"), true), objects, rows, null);
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
    }

    /** A record in the current shape: artist[], techniques and materials as strings. */
    static String currentRecord(String number) {
        return """
            {"id": "%1$s_object", "object_number": "%1$s",
             "titles": [{"title": "Udsigt", "language": "dansk"}, {"title": "View of %1$s", "language": "engelsk"}],
             "artist": ["Christen Købke"],
             "production": [{"creator": "Købke, Christen", "creator_forename": "Christen", "creator_surname": "Købke",
                             "creator_nationality": "Danish", "creator_date_of_birth": "1810-05-26T00:00:00Z",
                             "creator_date_of_death": "1848-02-07T00:00:00Z"}],
             "production_date": [{"start": "1836-01-01T00:00:00Z", "end": "1837-12-31T00:00:00Z", "period": "1836-1837"}],
             "techniques": ["Oil on canvas"], "materials": ["canvas"], "object_names": [{"name": "Painting"}],
             "colors": ["#4c4a3f", "#a39d8a"], "collection": ["KMS"], "public_domain": true,
             "rights": "https://creativecommons.org/publicdomain/mark/1.0/",
             "image_thumbnail": "%2$s", "image_native": "https://api.smk.dk/api/v1/download/x/%1$s.jpg",
             "frontend_url": "https://open.smk.dk/artwork/image/%1$s", "has_image": true}
            """.formatted(number, "http://images.invalid/" + number + ".jpg");
    }

    /** A record in the 2019 shape: no artist[], techniques and materials as objects, English title as translation. */
    static String record2019(String number) {
        return """
            {"id": "%1$s_object", "object_number": "%1$s",
             "titles": [{"title": "Et kvindeportræt", "language": "da-DK"}, {"language": "en-US", "translation": "Portrait of a Woman"}],
             "production": [{"creator": "Juel, Jens", "creator_nationality": "dansk", "creator_date_of_birth": "1745-05-12T00:00:00Z"}],
             "production_date": [{"start": "1780-01-01T00:00:00Z", "end": "1780-12-31T00:00:00Z", "period": "Ca. 1780"}],
             "techniques": [{"technique": "Olie på lærred"}], "materials": [{"material": "lærred"}],
             "public_domain": true, "rights": "https://creativecommons.org/publicdomain/zero/1.0/",
             "image_thumbnail": "https://iip.smk.dk/iiif/jp2/x.tif.jp2/full/!1600,/0/default.jpg", "has_image": true}
            """.formatted(number);
    }

    static String page(long found, int offset, String... records) {
        return "{\"offset\": " + offset + ", \"rows\": " + records.length + ", \"found\": " + found + ", \"items\": ["
            + String.join(",", records) + "], \"facets\": {}}";
    }

    private List<Artwork> harvest(SmkSource source, List<String> skips) throws IOException {
        List<Artwork> artworks = new ArrayList<>();
        source.harvest(artworks::add, (what, why) -> skips.add(what + ": " + why));
        return artworks;
    }

    @Test
    void searchPagesWithTheRequestedRowsUntilFoundIsReached() throws Exception {
        server.enqueue(json(page(5, 0, currentRecord("KMS1"), currentRecord("KMS2"))));
        server.enqueue(json(page(5, 2, currentRecord("KMS3"), currentRecord("KMS4"))));
        server.enqueue(json(page(5, 4, currentRecord("KMS5"))));

        List<Artwork> artworks = harvest(source(2, List.of()), new ArrayList<>());

        assertEquals(List.of("KMS1", "KMS2", "KMS3", "KMS4", "KMS5"), artworks.stream().map(Artwork::objectNumber).toList());
        assertEquals(3, server.getRequestCount());
        for (int offset : new int[] {0, 2, 4}) {
            RecordedRequest request = server.takeRequest();
            assertEquals("/api/v1/art/search/", request.getUrl().encodedPath());
            assertEquals(Integer.toString(offset), request.getUrl().queryParameter("offset"));
            assertEquals("2", request.getUrl().queryParameter("rows"));
            assertEquals("*", request.getUrl().queryParameter("keys"));
            assertEquals("[has_image:true],[public_domain:true],[object_names:maleri]", request.getUrl().queryParameter("filters"));
        }
    }

    @Test
    void pageSizeAboveTheApiMaximumIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> source(2001, List.of()));
    }

    @Test
    void bothRecordShapesMapOntoTheSameFields() throws Exception {
        server.enqueue(json(page(2, 0, currentRecord("KMS1"), record2019("KMSsp1"))));
        List<Artwork> artworks = harvest(source(2000, List.of()), new ArrayList<>());

        Artwork now = artworks.get(0);
        assertEquals("View of KMS1", now.title());
        assertEquals(List.of("Christen Købke"), now.artists());
        assertEquals("Danish", now.nationality());
        assertEquals(1810, now.artistBirthYear());
        assertEquals(1848, now.artistDeathYear());
        assertEquals(new Artwork.Dating(1836, 1837, "1836-1837"), now.dating());
        assertEquals(List.of("Oil on canvas"), now.techniques());
        assertEquals(List.of("canvas"), now.materials());
        assertEquals(List.of("Painting"), now.objectNames());
        assertEquals(List.of("#4c4a3f", "#a39d8a"), now.colors());
        assertEquals("KMS", now.collection());
        assertEquals(Boolean.TRUE, now.publicDomain());
        assertEquals("smk", now.source());
        assertEquals("http://images.invalid/KMS1.jpg", now.image().url());

        Artwork old = artworks.get(1);
        assertEquals("Portrait of a Woman", old.title());
        assertEquals(List.of("Juel, Jens"), old.artists());
        assertEquals("dansk", old.nationality());
        assertEquals(new Artwork.Dating(1780, 1780, "Ca. 1780"), old.dating());
        assertEquals(List.of("Olie på lærred"), old.techniques());
        assertEquals(List.of("lærred"), old.materials());
        assertEquals("https://open.smk.dk/artwork/image/KMSsp1", old.landingPage());
    }

    @Test
    void tooManyRequestsIsRetriedAfterTheServersRetryAfter() throws Exception {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "1").build());
        server.enqueue(json(page(1, 0, currentRecord("KMS1"))));

        long start = System.nanoTime();
        List<Artwork> artworks = harvest(source(10, List.of()), new ArrayList<>());
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(1, artworks.size());
        assertEquals(2, server.getRequestCount());
        assertTrue(waitedMillis >= 1000, "Retry-After: 1 must be honoured, waited " + waitedMillis + " ms");
    }

    @Test
    void serverErrorsAreRetriedWithBackoffUntilTheyPass() throws Exception {
        server.enqueue(new MockResponse.Builder().code(500).build());
        server.enqueue(new MockResponse.Builder().code(503).build());
        server.enqueue(json(page(1, 0, currentRecord("KMS1"))));

        assertEquals(1, harvest(source(10, List.of()), new ArrayList<>()).size());
        assertEquals(3, server.getRequestCount());
    }

    @Test
    void aServerThatKeepsFailingEndsWithAClearError() {
        for (int i = 0; i < 4; i++) {
            server.enqueue(new MockResponse.Builder().code(502).build());
        }
        IOException e = assertThrows(IOException.class, () -> harvest(source(10, List.of()), new ArrayList<>()));
        assertTrue(e.getMessage().contains("failed after 4 attempts") && e.getMessage().contains("HTTP 502"), e.getMessage());
    }

    @Test
    void aClientErrorIsNotRetried() {
        server.enqueue(new MockResponse.Builder().code(400).body("{\"error\": \"bad filter\"}").build());
        IOException e = assertThrows(IOException.class, () -> harvest(source(10, List.of()), new ArrayList<>()));
        assertTrue(e.getMessage().contains("HTTP 400"), e.getMessage());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void aTimedOutRequestIsRetried() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).headersDelay(2, TimeUnit.SECONDS).body(page(1, 0, currentRecord("KMS9"))).build());
        server.enqueue(json(page(1, 0, currentRecord("KMS1"))));

        List<Artwork> artworks = harvest(source(10, List.of()), new ArrayList<>());
        assertEquals(List.of("KMS1"), artworks.stream().map(Artwork::objectNumber).toList());
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void malformedJsonIsRetriedAndThenReportedClearly() throws Exception {
        server.enqueue(json("{\"found\": 1, \"items\": [{\"object_number\": "));
        server.enqueue(json(page(1, 0, currentRecord("KMS1"))));
        assertEquals(1, harvest(source(10, List.of()), new ArrayList<>()).size());

        for (int i = 0; i < 4; i++) {
            server.enqueue(json("<html>maintenance</html>"));
        }
        IOException e = assertThrows(IOException.class, () -> harvest(source(10, List.of()), new ArrayList<>()));
        assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
    }

    @Test
    void objectNumbersWithSlashesSpacesAndNonAsciiAreEncoded() throws Exception {
        List<String> numbers = List.of("KKS1982-183/1", "KMS 3716", "KKSgb2970Ø");
        for (String n : numbers) {
            server.enqueue(json("{\"items\": [" + currentRecord(n) + "]}"));
        }
        server.enqueue(json("{\"items\": []}"));
        List<String> skips = new ArrayList<>();
        List<String> all = new ArrayList<>(numbers);
        all.add("NOPE1");

        List<Artwork> artworks = harvest(source(10, all), skips);

        assertEquals(numbers, artworks.stream().map(Artwork::objectNumber).toList());
        assertEquals(List.of("NOPE1: no such object in SMK Open"), skips);
        RecordedRequest slash = server.takeRequest();
        assertEquals("/api/v1/art/", slash.getUrl().encodedPath());
        assertEquals("KKS1982-183/1", slash.getUrl().queryParameter("object_number"));
        RecordedRequest space = server.takeRequest();
        assertTrue(space.getTarget().contains("object_number=KMS%203716"), space.getTarget());
        RecordedRequest nonAscii = server.takeRequest();
        assertTrue(nonAscii.getTarget().contains("object_number=KKSgb2970%C3%98"), nonAscii.getTarget());
        assertEquals("KKSgb2970Ø", nonAscii.getUrl().queryParameter("object_number"));
    }

    @Test
    void aRecordWithoutObjectNumberIsSkippedNotFatal() throws Exception {
        server.enqueue(json(page(2, 0, "{\"id\": \"x_object\", \"titles\": []}", currentRecord("KMS1"))));
        List<String> skips = new ArrayList<>();
        assertEquals(1, harvest(source(10, List.of()), skips).size());
        assertEquals(1, skips.size());
        assertTrue(skips.getFirst().contains("without object_number"), skips.toString());
    }

    @Test
    void imagesAreDownloadedOnceThenServedFromTheContentAddressedCache() throws Exception {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3};
        server.enqueue(new MockResponse.Builder().code(200).body(new okio.Buffer().write(jpeg)).build());
        ImageFetcher fetcher = new ImageFetcher(http, cache, 1 << 20, Duration.ofSeconds(2), 2, fastRetry);
        String url = server.url("/images/KMS1.jpg").toString();

        assertArrayEquals(jpeg, fetcher.fetch(url));
        assertArrayEquals(jpeg, new ImageFetcher(http, cache, 1 << 20, Duration.ofSeconds(2), 2, fastRetry).fetch(url));

        assertEquals(1, server.getRequestCount());
        assertEquals(1, fetcher.downloaded());
        assertTrue(java.nio.file.Files.isRegularFile(cache.resolve("blobs").resolve(ImageFetcher.sha256(jpeg).substring(0, 2))
            .resolve(ImageFetcher.sha256(jpeg))));
    }

    @Test
    void anImageOverTheSizeLimitIsRefusedWithoutRetrying() {
        server.enqueue(new MockResponse.Builder().code(200).body("x".repeat(4096)).build());
        ImageFetcher fetcher = new ImageFetcher(http, cache, 1024, Duration.ofSeconds(2), 2, fastRetry);
        IOException e = assertThrows(IOException.class, () -> fetcher.fetch(server.url("/big.jpg").toString()));
        assertTrue(e.getMessage().contains("larger than 1024"), e.getMessage());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void aDownloadOverTheTimeLimitFails() {
        for (int i = 0; i < 4; i++) {
            server.enqueue(new MockResponse.Builder().code(200).body("slow").bodyDelay(3, TimeUnit.SECONDS).build());
        }
        ImageFetcher fetcher = new ImageFetcher(http, cache, 1 << 20, Duration.ofMillis(300), 2,
            new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10)));
        assertThrows(IOException.class, () -> fetcher.fetch(server.url("/slow.jpg").toString()));
    }

    @Test
    void retryAfterAcceptsSecondsAndHttpDates() {
        assertEquals(Duration.ofSeconds(7), RetryPolicy.parseRetryAfter("7"));
        Duration fromDate = RetryPolicy.parseRetryAfter(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
            .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(30)));
        assertTrue(fromDate.toSeconds() > 20 && fromDate.toSeconds() <= 30, fromDate.toString());
        assertNull(RetryPolicy.parseRetryAfter("soon"));
    }
}
