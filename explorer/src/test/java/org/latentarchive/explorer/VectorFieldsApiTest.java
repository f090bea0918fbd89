package org.latentarchive.explorer;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every neighbours, walk and map request may name the vector space it is computed in. Checked in a second space
 * whose geometry is known from the metadata ({@link DatingSpace}: nearer in time is nearer in the space).
 */
class VectorFieldsApiTest {

    private static Fixture f;
    private static Map<String, Integer> years;

    @BeforeAll
    static void start() throws Exception {
        f = Fixture.get();
        years = DatingSpace.ensure(f);
    }

    @Test
    void fieldsListEverySpaceOfTheIndexWithItsSize() throws Exception {
        JsonNode list = f.getJson("/api/fields");
        assertEquals(ExplorerConfig.DEFAULT_MODEL, list.path("default").asText());
        JsonNode model = space(list, ExplorerConfig.DEFAULT_MODEL);
        assertEquals("vectors." + ExplorerConfig.DEFAULT_MODEL, model.path("field").asText());
        assertEquals(1792, model.path("dims").asInt());
        assertEquals(f.artworks, model.path("artworks").asInt());
        JsonNode dating = space(list, DatingSpace.NAME);
        assertEquals(2, dating.path("dims").asInt());
        assertEquals(years.size(), dating.path("artworks").asInt());
    }

    @Test
    void nearestAndFarthestFollowTheChosenSpace() throws Exception {
        String id = "109220";
        int year = years.get(id);
        int closest = Integer.MAX_VALUE;
        int furthest = 0;
        for (Map.Entry<String, Integer> e : years.entrySet()) {
            if (!e.getKey().equals(id)) {
                closest = Math.min(closest, gap(e.getValue(), year));
                furthest = Math.max(furthest, gap(e.getValue(), year));
            }
        }
        JsonNode nearest = f.getJson("/api/artworks/" + id + "/neighbours?size=5&field=" + DatingSpace.NAME);
        assertEquals("vectors." + DatingSpace.NAME, nearest.path("field").asText());
        int first = years.get(nearest.path("neighbours").path(0).path("artwork").path("id").asText());
        assertEquals(closest, gap(first, year), "the nearest in the dating space is the closest in time: " + nearest);
        // the full field name works as well as the short one
        JsonNode farthest = f.getJson("/api/artworks/" + id + "/neighbours?size=1&direction=farthest&field=vectors." + DatingSpace.NAME);
        int last = years.get(farthest.path("neighbours").path(0).path("artwork").path("id").asText());
        assertEquals(furthest, gap(last, year), "the farthest in the dating space is the most distant in time");

        JsonNode inModel = f.getJson("/api/artworks/" + id + "/neighbours?size=5");
        assertEquals("vectors." + ExplorerConfig.DEFAULT_MODEL, inModel.path("field").asText());
        assertNotEquals(ids(nearest.path("neighbours")), ids(inModel.path("neighbours")), "two spaces, two neighbourhoods");
    }

    @Test
    void aWalkInTheChosenSpaceStaysBetweenItsEndsInTime() throws Exception {
        String earliest = null;
        String latest = null;
        for (Map.Entry<String, Integer> e : years.entrySet()) {
            if (earliest == null || e.getValue() < years.get(earliest)) {
                earliest = e.getKey();
            }
            if (latest == null || e.getValue() > years.get(latest)) {
                latest = e.getKey();
            }
        }
        JsonNode walk = f.getJson("/api/walk?steps=6&from=" + earliest + "&to=" + latest + "&field=" + DatingSpace.NAME);
        assertEquals("vectors." + DatingSpace.NAME, walk.path("field").asText());
        assertEquals(8, walk.path("path").size(), walk.toString());
        int previous = Integer.MIN_VALUE;
        for (JsonNode step : walk.path("path")) {
            int y = years.get(step.path("artwork").path("id").asText());
            assertTrue(y >= years.get(earliest) && y <= years.get(latest), walk.toString());
            // each stop is the artwork nearest a point further along the arc: time moves forward
            assertTrue(y >= previous, "years along the walk: " + walk);
            previous = y;
        }
    }

    @Test
    void aMapInTheChosenSpaceSplitsTheCollectionByTime() throws Exception {
        JsonNode map = f.getJson("/api/clusters?k=3&points=50&field=" + DatingSpace.NAME);
        assertEquals("vectors." + DatingSpace.NAME, map.path("field").asText());
        long sum = 0;
        List<int[]> ranges = new ArrayList<>();
        for (JsonNode cluster : map.path("clusters")) {
            sum += cluster.path("docCount").asLong();
            int lo = Integer.MAX_VALUE;
            int hi = Integer.MIN_VALUE;
            for (JsonNode r : cluster.path("representatives")) {
                int y = years.get(r.path("artwork").path("id").asText());
                lo = Math.min(lo, y);
                hi = Math.max(hi, y);
            }
            ranges.add(new int[] {lo, hi});
        }
        assertEquals(years.size(), sum, "every dated artwork falls in one cluster of the dating space");
        // clusters of a one-dimensional arc are intervals of time: their representatives' years do not interleave
        ranges.sort((a, b) -> Integer.compare(a[0], b[0]));
        for (int i = 1; i < ranges.size(); i++) {
            assertTrue(ranges.get(i - 1)[1] <= ranges.get(i)[0], "representatives' years per cluster: " + map.path("clusters"));
        }
    }

    @Test
    void anUnknownSpaceAnswers400NamingTheSpacesThereAre() throws Exception {
        for (String path : List.of("/api/artworks/109220/neighbours?field=nope", "/api/walk?from=109220&to="
            + years.keySet().stream().filter(id -> !id.equals("109220")).findFirst().orElseThrow() + "&field=nope", "/api/clusters?field=vectors.nope", "/api/artworks/109220/neighbours?field=title")) {
            HttpResponse<String> response = f.get(path);
            assertEquals(400, response.statusCode(), path + ": " + response.body());
            String error = f.json.readTree(response.body()).path("error").asText();
            assertTrue(error.contains("not a vector field") && error.contains(ExplorerConfig.DEFAULT_MODEL), error);
        }
    }

    private static JsonNode space(JsonNode list, String name) {
        for (JsonNode field : list.path("fields")) {
            if (field.path("name").asText().equals(name)) {
                return field;
            }
        }
        throw new AssertionError("no space " + name + " in " + list);
    }

    /** Years apart as the space sees them (years outside its millennium count as its ends). */
    private static int gap(int a, int b) {
        return (int) Math.round(Math.abs(DatingSpace.angle(a) - DatingSpace.angle(b)) / DatingSpace.angle(DatingSpace.LAST_YEAR)
            * (DatingSpace.LAST_YEAR - DatingSpace.FIRST_YEAR));
    }

    private static List<String> ids(JsonNode neighbours) {
        List<String> ids = new ArrayList<>();
        neighbours.forEach(n -> ids.add(n.path("artwork").path("id").asText()));
        return ids;
    }
}
