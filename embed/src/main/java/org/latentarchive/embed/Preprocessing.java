package org.latentarchive.embed;

import java.util.Locale;

/**
 * How an image becomes a model's input tensor: resize to {@code size} x {@code size}, scale pixels to [0,1], then
 * subtract {@code mean} and divide by {@code std} per channel; laid out CHW. The default model's reference pipeline
 * is {@link #MOBILENET_V2}: the whole image stretched with align-corners bilinear interpolation, no normalisation
 * (the network scales to [-1,1] itself).
 */
public record Preprocessing(int size, ResizeMode resize, float[] mean, float[] std) {

    public enum ResizeMode {
        /** The whole image stretched to a square, bilinear with align-corners (TF.js resizeBilinear(alignCorners=true)). */
        STRETCH_ALIGN_CORNERS,
        /** The whole image stretched to a square, bilinear with half-pixel centres (PyTorch/PIL-style). */
        STRETCH,
        /** The shorter side resized to {@code size}, then the centre square (CLIP/DINO-style). */
        CENTER_CROP;

        public static ResizeMode parse(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    public static final Preprocessing MOBILENET_V2 = new Preprocessing(224, ResizeMode.STRETCH_ALIGN_CORNERS,
        new float[] {0f, 0f, 0f}, new float[] {1f, 1f, 1f});

    /** nsfwjs's InceptionV3 is fed as its MobileNetV2: the whole image stretched (align-corners) to 299 px, pixels in [0,1]. */
    public static final Preprocessing INCEPTION_V3 = new Preprocessing(299, ResizeMode.STRETCH_ALIGN_CORNERS,
        new float[] {0f, 0f, 0f}, new float[] {1f, 1f, 1f});

    public Preprocessing {
        if (size < 1 || mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("preprocessing needs a positive size and three means and deviations");
        }
    }

    public int tensorLength() {
        return 3 * size * size;
    }

    /** Writes the CHW tensor of {@code image} into {@code out} at {@code offset}. */
    public void apply(RgbImage image, float[] out, int offset) {
        int w = image.width();
        int h = image.height();
        double scaleX;
        double scaleY;
        double originX = 0;
        double originY = 0;
        boolean alignCorners = resize == ResizeMode.STRETCH_ALIGN_CORNERS;
        switch (resize) {
            case STRETCH_ALIGN_CORNERS -> {
                scaleX = size > 1 ? (w - 1) / (double) (size - 1) : 0;
                scaleY = size > 1 ? (h - 1) / (double) (size - 1) : 0;
            }
            case STRETCH -> {
                scaleX = w / (double) size;
                scaleY = h / (double) size;
            }
            default -> {
                double s = Math.min(w, h) / (double) size;
                scaleX = s;
                scaleY = s;
                originX = (w - s * size) / 2;
                originY = (h - s * size) / 2;
            }
        }
        // Per output column: the two source columns and the weight of the right one.
        int[] x0 = new int[size];
        int[] x1 = new int[size];
        float[] fx = new float[size];
        for (int x = 0; x < size; x++) {
            double src = alignCorners ? x * scaleX : originX + (x + 0.5) * scaleX - 0.5;
            src = Math.max(0, Math.min(w - 1, src));
            x0[x] = (int) Math.floor(src);
            x1[x] = Math.min(x0[x] + 1, w - 1);
            fx[x] = (float) (src - x0[x]);
        }
        byte[] rgb = image.rgb();
        int plane = size * size;
        float[] k = {1f / (255f * std[0]), 1f / (255f * std[1]), 1f / (255f * std[2])};
        float[] m = {mean[0] / std[0], mean[1] / std[1], mean[2] / std[2]};
        for (int y = 0; y < size; y++) {
            double srcY = alignCorners ? y * scaleY : originY + (y + 0.5) * scaleY - 0.5;
            srcY = Math.max(0, Math.min(h - 1, srcY));
            int y0 = (int) Math.floor(srcY);
            int y1 = Math.min(y0 + 1, h - 1);
            float fy = (float) (srcY - y0);
            int top = y0 * w * 3;
            int bottom = y1 * w * 3;
            for (int x = 0; x < size; x++) {
                int l = x0[x] * 3;
                int r = x1[x] * 3;
                float wx = fx[x];
                int o = offset + y * size + x;
                for (int c = 0; c < 3; c++) {
                    float tl = rgb[top + l + c] & 0xff;
                    float tr = rgb[top + r + c] & 0xff;
                    float bl = rgb[bottom + l + c] & 0xff;
                    float br = rgb[bottom + r + c] & 0xff;
                    float t = tl + (tr - tl) * wx;
                    float b = bl + (br - bl) * wx;
                    out[o + c * plane] = (t + (b - t) * fy) * k[c] - m[c];
                }
            }
        }
    }
}
