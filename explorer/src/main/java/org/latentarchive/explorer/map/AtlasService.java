package org.latentarchive.explorer.map;

import com.twelvemonkeys.image.ResampleOp;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.latentarchive.explorer.artwork.Image;
import org.latentarchive.explorer.artwork.ImageService;
import org.latentarchive.index.ArtworksIndex;

/**
 * Thumbnail atlases: many small thumbnails in one JPEG, so the map's page loads one image per region of the map,
 * not one per artwork. Atlas n of a layout holds the artworks in slots n * perAtlas ... (n + 1) * perAtlas - 1 (the
 * layout's Hilbert order, see {@link MapLayout}), cells row-major, each thumbnail fitted into its cell on the map's background; an
 * artwork without a readable image leaves its cell grey. Made from the explorer's images on first request and
 * kept on disk by layout version (the folder bounded by evicting the least recently used), at most
 * {@value #BUILDERS} at a time. Each artwork's tile is kept too (a few kB), so the atlases of another layout or of a
 * recomputed one are put together from tiles without decoding an image again.
 */
public final class AtlasService {

    static final int BUILDERS = 2;
    static final Color EMPTY = new Color(0x80, 0x80, 0x80);
    /** The map's background (style.css, #1f1d1a): a non-square painting's letterbox, so it shows in its proportions. */
    static final Color LETTERBOX = new Color(0x1f, 0x1d, 0x1a);
    private static final float QUALITY = 0.85f;

    private final ImageService images;
    private final Path folder;
    private final long maxBytes;
    private final Semaphore builders = new Semaphore(BUILDERS);
    private final Map<Path, Object> locks = new HashMap<>();

    /** @param folder where atlases are kept; @param maxBytes the most the folder may hold */
    public AtlasService(ImageService images, Path folder, long maxBytes) {
        this.images = images;
        this.folder = folder;
        this.maxBytes = maxBytes;
    }

    /** Atlas {@code n} of the layout as JPEG bytes, from disk when made before. */
    byte[] atlas(MapLayout layout, int n) {
        Path file = folder.resolve(ArtworksIndex.spaceOf(layout.field)).resolve(layout.layout).resolve(layout.version)
            .resolve(n + ".jpg");
        Object lock;
        synchronized (locks) {
            lock = locks.computeIfAbsent(file, f -> new Object());
        }
        try {
            synchronized (lock) {
                if (Files.isRegularFile(file)) {
                    Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
                    return Files.readAllBytes(file);
                }
                byte[] jpeg = build(layout, n);
                store(file, jpeg);
                return jpeg;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep atlas " + file + ": " + e.getMessage(), e);
        } finally {
            synchronized (locks) {
                locks.remove(file);
            }
        }
    }

    private byte[] build(MapLayout layout, int n) throws IOException {
        builders.acquireUninterruptibly();
        try {
            MapLayout.Atlas shape = layout.atlas;
            int columns = shape.size() / shape.cell();
            BufferedImage atlas = new BufferedImage(shape.size(), shape.size(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = atlas.createGraphics();
            try {
                g.setColor(EMPTY);
                g.fillRect(0, 0, shape.size(), shape.size());
                int first = n * shape.perAtlas();
                int last = Math.min(layout.size(), first + shape.perAtlas());
                for (int s = first; s < last; s++) {
                    int cell = s - first;
                    int row = layout.bySlot[s];
                    Optional<BufferedImage> thumb = tile(layout.ids[row], layout.image[row], shape.cell());
                    if (thumb.isPresent()) {
                        BufferedImage t = thumb.get();
                        g.setColor(LETTERBOX);
                        g.fillRect((cell % columns) * shape.cell(), (cell / columns) * shape.cell(), shape.cell(), shape.cell());
                        int cx = (cell % columns) * shape.cell() + (shape.cell() - t.getWidth()) / 2;
                        int cy = (cell / columns) * shape.cell() + (shape.cell() - t.getHeight()) / 2;
                        g.drawImage(t, cx, cy, null);
                    }
                }
            } finally {
                g.dispose();
            }
            return jpeg(atlas);
        } finally {
            builders.release();
        }
    }

    /**
     * The artwork's tile, from the tile cache when made before: every layout (and every new version of one) places
     * the same tiles in other atlases, and a tile costs a decode of the artwork's image where reading one costs little.
     * Keyed by the artwork's id and its image's hash, so a new image makes a new tile.
     */
    private Optional<BufferedImage> tile(String id, long imageKey, int cell) {
        String key = sha256(id) + "-" + Long.toHexString(imageKey) + "-" + cell;
        Path file = folder.resolve(".tiles").resolve(key.substring(0, 2)).resolve(key + ".jpg");
        try {
            if (Files.isRegularFile(file)) {
                BufferedImage cached = ImageIO.read(file.toFile());
                if (cached != null) {
                    return Optional.of(cached);
                }
            }
        } catch (IOException e) {
            // made again below
        }
        Optional<BufferedImage> made = thumbnail(id, cell);
        if (made.isPresent() && imageKey != 0) {
            try {
                Files.createDirectories(file.getParent());
                Path partial = Files.createTempFile(file.getParent(), "tile", ".part");
                Files.write(partial, jpeg(made.get()));
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // a tile not kept is made again next time
            }
        }
        return made;
    }

    private static String sha256(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The artwork's image fitted into a cell x cell square, or empty when it has none that reads. The image is
     * decoded at a fraction of its size (every f-th pixel of every f-th row, f keeping at least twice the cell), then
     * resampled: an atlas of 1024 cells costs 1024 decodes, and a full-size decode would be most of that.
     */
    private Optional<BufferedImage> thumbnail(String id, int cell) {
        Optional<Image> image = images.image(id, false);
        if (image.isEmpty()) {
            return Optional.empty();
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(image.get().bytes()))) {
            java.util.Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                int f = Math.max(1, Math.min(width, height) / (2 * cell));
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceSubsampling(f, f, 0, 0);
                BufferedImage source = reader.read(0, param);
                double scale = Math.min((double) cell / source.getWidth(), (double) cell / source.getHeight());
                int w = Math.max(1, (int) Math.round(source.getWidth() * scale));
                int h = Math.max(1, (int) Math.round(source.getHeight() * scale));
                return Optional.of(new ResampleOp(w, h, ResampleOp.FILTER_TRIANGLE)
                    .filter(source, new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB)));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** Writes the atlas (through a temporary file, so a reader never sees half of one) and keeps the folder bounded. */
    private void store(Path file, byte[] jpeg) throws IOException {
        Files.createDirectories(file.getParent());
        Path partial = Files.createTempFile(file.getParent(), "atlas", ".part");
        Files.write(partial, jpeg);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        evict();
    }

    private synchronized void evict() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.filter(p -> p.toString().endsWith(".jpg") && Files.isRegularFile(p)).forEach(files::add);
        }
        long total = 0;
        Map<Path, Long> sizes = new HashMap<>();
        Map<Path, Long> used = new HashMap<>();
        for (Path p : files) {
            try {
                sizes.put(p, Files.size(p));
                used.put(p, Files.getLastModifiedTime(p).toMillis());
                total += sizes.get(p);
            } catch (IOException e) {
                // removed meanwhile
            }
        }
        if (total <= maxBytes) {
            return;
        }
        files.removeIf(p -> !sizes.containsKey(p));
        files.sort(Comparator.comparingLong(used::get));
        for (Path p : files) {
            if (total <= maxBytes) {
                break;
            }
            if (Files.deleteIfExists(p)) {
                total -= sizes.get(p);
            }
        }
    }
}
