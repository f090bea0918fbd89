package org.latentarchive.embed;

/** A decoded image as interleaved 8-bit RGB, row-major, {@code width * height * 3} bytes. */
public record RgbImage(int width, int height, byte[] rgb) {

    public RgbImage {
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("an RGB image of " + width + "x" + height + " needs " + width * height * 3 + " bytes");
        }
    }

    /** The part inside the rectangle (for crops in tests and tools). */
    public RgbImage crop(int x, int y, int w, int h) {
        byte[] out = new byte[w * h * 3];
        for (int row = 0; row < h; row++) {
            System.arraycopy(rgb, ((y + row) * width + x) * 3, out, row * w * 3, w * 3);
        }
        return new RgbImage(w, h, out);
    }
}
