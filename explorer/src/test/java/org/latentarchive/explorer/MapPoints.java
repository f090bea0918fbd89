package org.latentarchive.explorer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** GET /api/map's binary body read back as the contract describes it, independently of the explorer's encoder. */
record MapPoints(JsonNode header, float[] x, float[] y, int[] slot, int[] cluster, List<String> ids) {

    static MapPoints decode(byte[] body) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[4];
        b.get(magic);
        if (!new String(magic, StandardCharsets.US_ASCII).equals("LAMP")) {
            throw new IOException("not a map body: " + Arrays.toString(magic));
        }
        int version = b.getInt();
        if (version != 1) {
            throw new IOException("format version " + version);
        }
        int h = b.getInt();
        byte[] headerBytes = new byte[h];
        b.get(headerBytes);
        JsonNode header = new ObjectMapper().readTree(headerBytes);
        int n = header.path("total").asInt();
        b.position(align(b.position()));
        float[] x = new float[n];
        float[] y = new float[n];
        int[] slot = new int[n];
        int[] cluster = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = b.getFloat();
        }
        for (int i = 0; i < n; i++) {
            y[i] = b.getFloat();
        }
        for (int i = 0; i < n; i++) {
            slot[i] = b.getInt();
        }
        for (int i = 0; i < n; i++) {
            cluster[i] = Short.toUnsignedInt(b.getShort());
        }
        b.position(align(b.position()));
        int length = b.getInt();
        byte[] idBytes = new byte[length];
        b.get(idBytes);
        if (b.hasRemaining()) {
            throw new IOException(b.remaining() + " bytes after the ids");
        }
        List<String> ids = n == 0 ? List.of() : List.of(new String(idBytes, StandardCharsets.UTF_8).split("\n", -1));
        if (ids.size() != n) {
            throw new IOException(ids.size() + " ids for " + n + " points");
        }
        return new MapPoints(header, x, y, slot, cluster, ids);
    }

    private static int align(int position) {
        return (position + 3) & ~3;
    }
}
