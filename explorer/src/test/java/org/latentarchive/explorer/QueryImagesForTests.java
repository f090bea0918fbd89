package org.latentarchive.explorer;

import com.fasterxml.jackson.databind.JsonNode;
import org.latentarchive.embed.ImageDecoder;
import org.latentarchive.embed.RgbImage;
import org.latentarchive.vectors.Rocchio;
import org.latentarchive.vectors.VectorMath;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/** Query images made from the sample paintings, a few broken files, and the brute-force answer to a Rocchio query. */
final class QueryImagesForTests {

    private QueryImagesForTests() {}

    static Path image(String id) {
        return Fixture.collection().resolve("images").resolve(id + ".jpg");
    }

    static List<String> ids() throws IOException {
        try (var files = Files.list(Fixture.collection().resolve("images"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jpg")).map(n -> n.replace(".jpg", "")).sorted().toList();
        }
    }

    /** The painting with {@code fraction} of its width and height cut off each side, as a JPEG (quality 0.92). */
    static byte[] croppedJpeg(String id, double fraction) throws IOException {
        RgbImage image = new ImageDecoder().decode(Files.readAllBytes(image(id)));
        int dx = (int) Math.round(image.width() * fraction);
        int dy = (int) Math.round(image.height() * fraction);
        RgbImage cropped = image.crop(dx, dy, image.width() - 2 * dx, image.height() - 2 * dy);
        BufferedImage out = new BufferedImage(cropped.width(), cropped.height(), BufferedImage.TYPE_INT_RGB);
        byte[] rgb = cropped.rgb();
        for (int y = 0, i = 0; y < cropped.height(); y++) {
            for (int x = 0; x < cropped.width(); x++, i += 3) {
                out.setRGB(x, y, (rgb[i] & 0xff) << 16 | (rgb[i + 1] & 0xff) << 8 | (rgb[i + 2] & 0xff));
            }
        }
        var writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        var param = writer.getDefaultWriteParam();
        param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.92f);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var stream = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(stream);
            writer.write(null, new javax.imageio.IIOImage(out, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /**
     * A PNG whose header declares {@code width} x {@code height} pixels, with a token of image data: a file of a few
     * hundred bytes that would take gigabytes to decode.
     */
    static byte[] pngDeclaring(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' });
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
            .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (var z = new java.util.zip.DeflaterOutputStream(idat)) {
            z.write(new byte[1 + 3 * Math.min(width, 4096)]);
        }
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        out.write(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** Every artwork's vector in {@code field}, read from the index. */
    static Map<String, float[]> vectors(Fixture f, String field) throws Exception {
        JsonNode answer = f.es.search(ExplorerConfig.DEFAULT_INDEX, f.json.readTree("""
            {"size": 1000, "_source": ["%s"], "query": {"match_all": {}}}""".formatted(field)));
        Map<String, float[]> vectors = new HashMap<>();
        for (JsonNode hit : answer.path("hits").path("hits")) {
            JsonNode v = hit.path("_source");
            for (String part : field.split("\\.")) {
                v = v.path(part);
            }
            if (v.isArray()) {
                float[] vector = new float[v.size()];
                for (int i = 0; i < vector.length; i++) {
                    vector[i] = (float) v.get(i).asDouble();
                }
                vectors.put(hit.path("_id").asText(), vector);
            }
        }
        return vectors;
    }

    /** The {@code n} artworks nearest by cosine to the Rocchio query of {@code like} minus {@code unlike}, the marked ones left out. */
    static List<String> bruteForce(Map<String, float[]> vectors, List<float[]> likeVectors, List<String> like, List<String> unlike, int n) {
        List<Rocchio.Example> likes = new java.util.ArrayList<>();
        likeVectors.forEach(v -> likes.add(Rocchio.Example.of(v)));
        like.forEach(id -> likes.add(Rocchio.Example.of(vectors.get(id))));
        float[] q = Rocchio.query(likes, unlike.stream().map(id -> Rocchio.Example.of(vectors.get(id))).toList(), true);
        Set<String> marked = new java.util.HashSet<>(like);
        marked.addAll(unlike);
        return vectors.keySet().stream().filter(id -> marked.contains(id) == false)
            .sorted(Comparator.comparingDouble((String id) -> -VectorMath.cosine(q, vectors.get(id))).thenComparing(Comparator.naturalOrder()))
            .limit(n).toList();
    }
}
