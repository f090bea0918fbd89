package org.latentarchive.explorer.map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The map's answer for the page: a columnar binary body (typed arrays the page views without parsing), about 14
 * bytes a point plus its id, where JSON spends some 80. Little-endian throughout:
 * <pre>
 * "LAMP" | uint32 version = 1 | uint32 H | H bytes of UTF-8 JSON header | zeros to a multiple of 4
 * Float32 x[N] | Float32 y[N] | Uint32 slot[N] | Uint16 cluster[N] | zeros to a multiple of 4
 * uint32 L | L bytes of UTF-8: the N ids joined by "\n"
 * </pre>
 * The header is {@link #header}: field, layout, total, version, the atlases' shape and the subset's clusters.
 */
final class MapBody {

    static final String CONTENT_TYPE = "application/vnd.latent-archive.map";
    static final int FORMAT_VERSION = 1;
    private static final byte[] MAGIC = "LAMP".getBytes(StandardCharsets.US_ASCII);

    private MapBody() {
    }

    static ObjectNode header(ObjectMapper json, MapService.Subset subset) {
        MapLayout layout = subset.layout();
        ObjectNode header = json.createObjectNode();
        header.put("field", layout.field).put("layout", layout.layout).put("total", subset.rows().length)
            .put("version", layout.version);
        header.putObject("atlas").put("cell", layout.atlas.cell()).put("size", layout.atlas.size())
            .put("perAtlas", layout.atlas.perAtlas()).put("count", layout.atlas.count());
        header.set("clusters", clusters(json, subset));
        return header;
    }

    static ArrayNode clusters(ObjectMapper json, MapService.Subset subset) {
        ArrayNode clusters = json.createArrayNode();
        for (MapService.ClusterSummary c : subset.clusters()) {
            ObjectNode node = clusters.addObject().put("cluster", c.cluster()).put("size", c.size()).put("label", c.label())
                .put("x", c.x()).put("y", c.y());
            ArrayNode reps = node.putArray("representatives");
            c.representatives().forEach(reps::add);
        }
        return clusters;
    }

    static byte[] binary(ObjectMapper json, MapService.Subset subset) {
        MapLayout layout = subset.layout();
        int[] rows = subset.rows();
        int n = rows.length;
        byte[] header;
        try {
            header = json.writeValueAsBytes(header(json, subset));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder joined = new StringBuilder(n * 12);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                joined.append('\n');
            }
            joined.append(layout.ids[rows[i]]);
        }
        byte[] ids = joined.toString().getBytes(StandardCharsets.UTF_8);
        int headerEnd = pad4(12 + header.length);
        int columnsEnd = pad4(headerEnd + n * 14);
        ByteBuffer out = ByteBuffer.allocate(columnsEnd + 4 + ids.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).putInt(FORMAT_VERSION).putInt(header.length).put(header);
        out.position(headerEnd);
        for (int row : rows) {
            out.putFloat(layout.x[row]);
        }
        for (int row : rows) {
            out.putFloat(layout.y[row]);
        }
        for (int row : rows) {
            out.putInt(layout.slot[row]);
        }
        for (int row : rows) {
            out.putShort(layout.cluster[row]);
        }
        out.position(columnsEnd);
        out.putInt(ids.length).put(ids);
        return out.array();
    }

    /** {"total", "field", "layout", "version", "points": [{"id", "x", "y", "cluster"}], "clusters"}: for tools and tests. */
    static ObjectNode json(ObjectMapper json, MapService.Subset subset) {
        MapLayout layout = subset.layout();
        ObjectNode body = json.createObjectNode();
        body.put("total", subset.rows().length).put("field", layout.field).put("layout", layout.layout).put("version", layout.version);
        ArrayNode points = body.putArray("points");
        for (int row : subset.rows()) {
            points.addObject().put("id", layout.ids[row]).put("x", layout.x[row]).put("y", layout.y[row])
                .put("cluster", layout.cluster[row]);
        }
        body.set("clusters", clusters(json, subset));
        return body;
    }

    /** {"total", "ids", "titles", "artists"} in the order of the points. */
    static ObjectNode labels(ObjectMapper json, MapService.Subset subset) {
        MapLayout layout = subset.layout();
        ObjectNode body = json.createObjectNode();
        body.put("total", subset.rows().length);
        ArrayNode ids = body.putArray("ids");
        ArrayNode titles = body.putArray("titles");
        ArrayNode artists = body.putArray("artists");
        for (int row : subset.rows()) {
            ids.add(layout.ids[row]);
            titles.add(layout.titles[row]);
            artists.add(layout.artists[row]);
        }
        return body;
    }

    private static int pad4(int length) {
        return (length + 3) & ~3;
    }
}
