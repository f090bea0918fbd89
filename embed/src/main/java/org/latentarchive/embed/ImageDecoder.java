package org.latentarchive.embed;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

/**
 * Decodes what museums publish (baseline and progressive JPEG, CMYK and ICC-profiled JPEG, grayscale, PNG with or
 * without alpha) into RGB. JPEG goes through TwelveMonkeys' ImageIO reader, which the JDK picks up from the classpath
 * and which handles the CMYK/YCCK and broken-ICC cases the JDK's own reader rejects.
 */
public final class ImageDecoder {

    /** Images with more pixels than this are decoded subsampled: a 224-pixel model cannot see the detail anyway. */
    private final long maxPixels;
    /** Whether an image above maxPixels is refused instead (uploads: a small file can declare a vast image). */
    private final boolean refuseLarger;

    /** An image larger than the decoder accepts, refused from its header before any pixel is decoded. */
    public static final class TooLargeException extends IOException {
        public TooLargeException(String message) {
            super(message);
        }
    }

    public ImageDecoder() {
        this(40_000_000L);
    }

    public ImageDecoder(long maxPixels) {
        this(maxPixels, false);
    }

    private ImageDecoder(long maxPixels, boolean refuseLarger) {
        this.maxPixels = maxPixels;
        this.refuseLarger = refuseLarger;
    }

    /** A decoder that refuses, with {@link TooLargeException}, images of more than {@code maxPixels} pixels. */
    public static ImageDecoder refusingAbove(long maxPixels) {
        return new ImageDecoder(maxPixels, true);
    }

    static {
        ImageIO.setUseCache(false);
        ImageIO.scanForPlugins();
    }

    /** Decodes the bytes of an image file; throws {@link IOException} with a reason for anything unreadable. */
    public RgbImage decode(byte[] bytes) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            if (in == null) {
                throw new IOException("cannot open the image stream");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("not an image format this indexer reads (" + bytes.length + " bytes)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                ImageReadParam param = reader.getDefaultReadParam();
                long pixels = (long) w * h;
                if (pixels > maxPixels && refuseLarger) {
                    throw new TooLargeException("the image is " + w + " x " + h + " pixels; at most " + maxPixels + " pixels are accepted");
                }
                if (pixels > maxPixels) {
                    int step = (int) Math.ceil(Math.sqrt((double) pixels / maxPixels));
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                BufferedImage image = reader.read(0, param);
                return toRgb(image);
            } catch (RuntimeException e) {
                // Readers throw unchecked exceptions on corrupt streams; a broken image must not stop a run.
                throw new IOException("corrupt image: " + e, e);
            } finally {
                reader.dispose();
            }
        }
    }

    static RgbImage toRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] rgb = new byte[w * h * 3];
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR && image.getRaster().getDataBuffer() instanceof DataBufferByte db
            && image.getRaster().getSampleModelTranslateX() == 0 && image.getRaster().getSampleModelTranslateY() == 0
            && db.getData().length == rgb.length) {
            byte[] bgr = db.getData();
            for (int i = 0; i < rgb.length; i += 3) {
                rgb[i] = bgr[i + 2];
                rgb[i + 1] = bgr[i + 1];
                rgb[i + 2] = bgr[i];
            }
            return new RgbImage(w, h, rgb);
        }
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY && image.getRaster().getDataBuffer() instanceof DataBufferByte db
            && db.getData().length == w * h) {
            byte[] gray = db.getData();
            for (int i = 0, j = 0; i < gray.length; i++, j += 3) {
                rgb[j] = gray[i];
                rgb[j + 1] = gray[i];
                rgb[j + 2] = gray[i];
            }
            return new RgbImage(w, h, rgb);
        }
        // Everything else (palette, 16-bit, alpha, custom colour spaces) is drawn through Java2D's colour conversion;
        // transparent parts come out on white, as a page would show them.
        BufferedImage converted = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = converted.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return toRgb(converted);
    }
}
