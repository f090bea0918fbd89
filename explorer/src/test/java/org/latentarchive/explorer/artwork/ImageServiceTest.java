package org.latentarchive.explorer.artwork;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.IntBinaryOperator;

import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageServiceTest {

    /** A PNG of the pattern, as the indexer's local copy or a museum's server would hand it over. */
    private static byte[] png(int width, int height, IntBinaryOperator rgb) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb.applyAsInt(x, y));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static BufferedImage thumbnail(byte[] original) throws IOException {
        Image thumb = ImageService.scaled(original).orElseThrow();
        assertEquals("image/jpeg", thumb.contentType());
        return ImageIO.read(new ByteArrayInputStream(thumb.bytes()));
    }

    /** Mean and standard deviation of the green channel. */
    private static double[] greyStatistics(BufferedImage image) {
        double sum = 0;
        double squares = 0;
        int n = image.getWidth() * image.getHeight();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int v = image.getRGB(x, y) >> 8 & 0xff;
                sum += v;
                squares += (double) v * v;
            }
        }
        double mean = sum / n;
        return new double[] {mean, Math.sqrt(squares / n - mean * mean)};
    }

    @Test
    void patternsFinerThanAThumbnailPixelBecomeEvenGreyNotMoire() throws IOException {
        IntBinaryOperator checkerboard = (x, y) -> (x + y) % 2 == 0 ? 0xffffff : 0;
        IntBinaryOperator thinStripes = (x, y) -> x % 3 == 0 ? 0xffffff : 0;
        // one large original that is halved before the final filter, one that is not, neither a multiple of 360
        for (int[] size : new int[][] {{2001, 1501}, {1000, 750}}) {
            for (var pattern : new Object[][] {{"checkerboard", checkerboard, 127.5}, {"thin stripes", thinStripes, 85.0}}) {
                BufferedImage thumb = thumbnail(png(size[0], size[1], (IntBinaryOperator) pattern[1]));
                String what = pattern[0] + " " + size[0] + "x" + size[1];

                assertEquals(ImageService.THUMBNAIL_SIZE, thumb.getWidth(), what);
                assertEquals(Math.round(size[1] * (double) ImageService.THUMBNAIL_SIZE / size[0]), thumb.getHeight(), what);
                double[] grey = greyStatistics(thumb);
                // one bilinear step leaves stripes: a standard deviation of 40 to 90 here
                assertTrue(grey[1] < 3, what + ": standard deviation " + grey[1]);
                assertEquals((double) pattern[2], grey[0], 3, what + ": mean");
            }
        }
    }

    @Test
    void aThumbnailKeepsTheImagesColoursWhereTheyWere() throws IOException {
        BufferedImage thumb = thumbnail(png(1200, 1600, (x, y) -> y < 800 ? 0xc03020 : 0x2040a0));

        assertEquals(270, thumb.getWidth());
        assertEquals(360, thumb.getHeight());
        assertColour(0xc03020, thumb.getRGB(135, 60));
        assertColour(0x2040a0, thumb.getRGB(135, 300));
    }

    private static void assertColour(int expected, int actual) {
        for (int shift : new int[] {16, 8, 0}) {
            int e = expected >> shift & 0xff;
            int a = actual >> shift & 0xff;
            assertTrue(Math.abs(e - a) <= 6, String.format("expected %06x, got %06x", expected, actual & 0xffffff));
        }
    }
}
