package org.latentarchive.explorer.artwork;

import com.fasterxml.jackson.databind.JsonNode;
import com.twelvemonkeys.image.ResampleOp;
import org.latentarchive.explorer.es.ElasticsearchClient;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.imageio.ImageIO;

/**
 * Serves an artwork's image from the indexer's local copy or from the URL its document names, and nothing else:
 * the caller gives an artwork id, never a URL or a path, so the explorer is no open proxy and cannot be made to read
 * arbitrary files. Thumbnails are scaled down once (Lanczos) and kept in a bounded in-memory cache.
 */
public final class ImageService {

    public static final int THUMBNAIL_SIZE = 360;
    private static final long MAX_IMAGE_BYTES = 30L * 1024 * 1024;
    private static final long CACHE_BYTES = 96L * 1024 * 1024;
    private static final long FAILURE_MEMORY_MILLIS = 5 * 60_000;

    private final ElasticsearchClient es;
    private final String index;
    private final Path imageRoot;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final Map<String, Image> cache = new LinkedHashMap<>(256, 0.75f, true);
    private final Map<String, Long> failures = new java.util.concurrent.ConcurrentHashMap<>();
    private long cachedBytes;

    public ImageService(ElasticsearchClient es, String index, Path imageRoot) {
        this.es = es;
        this.index = index;
        this.imageRoot = imageRoot;
    }

    /** The artwork's image (or its thumbnail), or empty when it has none or none can be read. */
    public Optional<Image> image(String id, boolean thumbnail) {
        String key = id + (thumbnail ? "#thumb" : "#full");
        synchronized (cache) {
            Image hit = cache.get(key);
            if (hit != null) {
                return Optional.of(hit);
            }
        }
        Long failedAt = failures.get(key);
        if (failedAt != null && System.currentTimeMillis() - failedAt < FAILURE_MEMORY_MILLIS) {
            return Optional.empty();
        }
        Optional<Image> image = es.getSource(index, id, List.of("image_url", "thumbnail_url", "image.local_path"), List.of())
            .flatMap(source -> load(source, thumbnail));
        if (image.isEmpty()) {
            failures.put(key, System.currentTimeMillis());
            return image;
        }
        remember(key, image.get());
        return image;
    }

    private Optional<Image> load(JsonNode source, boolean thumbnail) {
        Optional<byte[]> original = local(source.path("image").path("local_path").asText(""));
        if (original.isEmpty() && thumbnail) {
            original = remote(source.path("thumbnail_url").asText(""));
        }
        if (original.isEmpty()) {
            original = remote(source.path("image_url").asText(""));
        }
        if (original.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = original.get();
        if (!thumbnail) {
            String type = sniff(bytes);
            return type == null ? Optional.empty() : Optional.of(new Image(bytes, type));
        }
        return scaled(bytes);
    }

    private Optional<byte[]> local(String path) {
        if (path.isBlank()) {
            return Optional.empty();
        }
        Path file = imageRoot.resolve(path).normalize();
        try {
            if (Files.isRegularFile(file) && Files.size(file) <= MAX_IMAGE_BYTES) {
                return Optional.of(Files.readAllBytes(file));
            }
        } catch (IOException e) {
            // fall through to the remote copy
        }
        return Optional.empty();
    }

    private Optional<byte[]> remote(String url) {
        if (!url.startsWith("https://") && !url.startsWith("http://")) {
            return Optional.empty();
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .header("User-Agent", "LatentArchive-explorer").build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    return Optional.empty();
                }
                byte[] bytes = body.readNBytes((int) MAX_IMAGE_BYTES + 1);
                return bytes.length > MAX_IMAGE_BYTES ? Optional.empty() : Optional.of(bytes);
            }
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static Optional<Image> scaled(byte[] bytes) {
        try {
            BufferedImage source = ImageIO.read(new ByteArrayInputStream(bytes));
            if (source == null) {
                return Optional.empty();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(thumbnail(source), "jpeg", out);
            return Optional.of(new Image(out.toByteArray(), "image/jpeg"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The image at THUMBNAIL_SIZE on its longer side, through a Lanczos filter: it weighs every source pixel under a
     * thumbnail pixel, where one bilinear step reads the four nearest and turns fine patterns (canvas weave, hatching)
     * into stripes and moiré. ResampleOp takes seconds over a large original, so one is first halved by exact 2x2
     * averages while it stays four times the thumbnail's size; the little those fold back, Lanczos then removes (as
     * Pillow's reducing_gap).
     */
    private static BufferedImage thumbnail(BufferedImage source) {
        double scale = Math.min(1.0, (double) THUMBNAIL_SIZE / Math.max(source.getWidth(), source.getHeight()));
        int w = Math.max(1, (int) Math.round(source.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(source.getHeight() * scale));
        BufferedImage image = source;
        while (image.getWidth() >= 4 * w && image.getHeight() >= 4 * h) {
            int halfWidth = image.getWidth() / 2;
            int halfHeight = image.getHeight() / 2;
            BufferedImage half = new BufferedImage(halfWidth, halfHeight, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = half.createGraphics();
            try {
                // at exactly half the size (an odd last row or column left out) bilinear is the mean of each 2x2 block
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.drawImage(image, 0, 0, halfWidth, halfHeight, 0, 0, 2 * halfWidth, 2 * halfHeight, null);
            } finally {
                g.dispose();
            }
            image = half;
        }
        return new ResampleOp(w, h, ResampleOp.FILTER_LANCZOS).filter(image, new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB));
    }

    /** The type by the file's first bytes: what is sent must be an image, whatever a remote server claims. */
    static String sniff(byte[] b) {
        if (b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8) {
            return "image/jpeg";
        }
        if (b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "image/png";
        }
        if (b.length > 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E') {
            return "image/webp";
        }
        if (b.length > 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') {
            return "image/gif";
        }
        return null;
    }

    private void remember(String key, Image image) {
        synchronized (cache) {
            Image old = cache.put(key, image);
            cachedBytes += image.bytes().length - (old == null ? 0 : old.bytes().length);
            var eldest = cache.entrySet().iterator();
            while (cachedBytes > CACHE_BYTES && eldest.hasNext()) {
                cachedBytes -= eldest.next().getValue().bytes().length;
                eldest.remove();
            }
        }
    }
}
