package org.latentarchive.embed;

import org.junit.jupiter.api.Test;
import org.latentarchive.embed.testing.SharedData;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageDecoderTest {

    private final ImageDecoder decoder = new ImageDecoder();

    private static BufferedImage redLeftBlueRight(int type) {
        BufferedImage image = new BufferedImage(64, 48, type);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 32, 48);
        g.setColor(Color.BLUE);
        g.fillRect(32, 0, 32, 48);
        g.dispose();
        return image;
    }

    private static byte[] progressiveJpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static int[] pixel(RgbImage image, int x, int y) {
        int i = (y * image.width() + x) * 3;
        return new int[] {image.rgb()[i] & 0xff, image.rgb()[i + 1] & 0xff, image.rgb()[i + 2] & 0xff};
    }

    @Test
    void progressiveJpegDecodesToItsColours() throws Exception {
        RgbImage rgb = decoder.decode(progressiveJpeg(redLeftBlueRight(BufferedImage.TYPE_3BYTE_BGR)));
        assertEquals(64, rgb.width());
        assertEquals(48, rgb.height());
        int[] left = pixel(rgb, 8, 24);
        int[] right = pixel(rgb, 56, 24);
        assertTrue(left[0] > 200 && left[2] < 60, Arrays.toString(left));
        assertTrue(right[2] > 200 && right[0] < 60, Arrays.toString(right));
    }

    @Test
    void transparentPngComesOutOnWhite() throws Exception {
        BufferedImage image = new BufferedImage(10, 10, BufferedImage.TYPE_INT_ARGB);
        image.setRGB(0, 0, 0xFF00FF00);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        RgbImage rgb = decoder.decode(png.toByteArray());
        assertEquals(Arrays.toString(new int[] {0, 255, 0}), Arrays.toString(pixel(rgb, 0, 0)));
        assertEquals(Arrays.toString(new int[] {255, 255, 255}), Arrays.toString(pixel(rgb, 5, 5)));
    }

    @Test
    void grayscaleJpegOfTheCollectionBecomesThreeEqualChannels() throws Exception {
        // 12 of the sample paintings are single-channel JPEGs; find one by decoding with ImageIO directly.
        try (var files = Files.list(SharedData.aicPaintings().resolve("images"))) {
            for (var file : files.sorted().toList()) {
                byte[] bytes = Files.readAllBytes(file);
                BufferedImage raw = ImageIO.read(new java.io.ByteArrayInputStream(bytes));
                if (raw.getRaster().getNumBands() == 1) {
                    RgbImage rgb = decoder.decode(bytes);
                    int[] p = pixel(rgb, rgb.width() / 2, rgb.height() / 2);
                    assertEquals(p[0], p[1]);
                    assertEquals(p[1], p[2]);
                    assertEquals(raw.getRaster().getSample(rgb.width() / 2, rgb.height() / 2, 0), p[0]);
                    return;
                }
            }
        }
        throw new AssertionError("the sample collection should hold grayscale JPEGs");
    }

    @Test
    void sixteenBitPngIsConverted() throws Exception {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_USHORT_GRAY);
        image.getRaster().setSample(1, 1, 0, 65535);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        RgbImage rgb = decoder.decode(png.toByteArray());
        assertEquals(255, pixel(rgb, 1, 1)[0]);
        assertEquals(0, pixel(rgb, 4, 4)[0]);
    }

    @Test
    void bytesThatAreNoImageGiveAReasonInsteadOfACrash() {
        IOException text = assertThrows(IOException.class, () -> decoder.decode("<html>404</html>".getBytes(StandardCharsets.UTF_8)));
        assertTrue(text.getMessage().contains("not an image format"), text.getMessage());
        assertThrows(IOException.class, () -> decoder.decode(new byte[0]));
        byte[] header = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0};
        assertThrows(IOException.class, () -> decoder.decode(header));
    }

    @Test
    void hugeImagesAreDecodedSubsampled() throws Exception {
        ImageDecoder small = new ImageDecoder(1000);
        RgbImage rgb = small.decode(progressiveJpeg(redLeftBlueRight(BufferedImage.TYPE_3BYTE_BGR)));
        assertTrue((long) rgb.width() * rgb.height() <= 1000, rgb.width() + "x" + rgb.height());
        assertTrue(pixel(rgb, 1, 1)[0] > 200);
    }

    @Test
    void alignCornersResizeKeepsTheCornerPixels() {
        byte[] pixels = new byte[3 * 3 * 3];
        pixels[0] = (byte) 255;                   // top-left red
        pixels[(3 * 3 - 1) * 3 + 2] = (byte) 255; // bottom-right blue
        float[] out = new float[3 * 5 * 5];
        new Preprocessing(5, Preprocessing.ResizeMode.STRETCH_ALIGN_CORNERS, new float[3], new float[] {1, 1, 1})
            .apply(new RgbImage(3, 3, pixels), out, 0);
        assertEquals(1f, out[0], 1e-6);            // red plane, (0,0)
        assertEquals(0.5f, out[1], 1e-6);          // halfway to the next source pixel
        assertEquals(1f, out[2 * 25 + 24], 1e-6);  // blue plane, (4,4)
    }
}
