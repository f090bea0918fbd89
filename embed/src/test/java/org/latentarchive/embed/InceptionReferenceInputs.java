package org.latentarchive.embed;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.latentarchive.embed.testing.SharedData;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the InceptionV3 input tensors of the reference images as the Java pipeline makes them (decode, resize,
 * scale), NHWC float32 little-endian, one {@code <image>.f32} each: what reference.mjs feeds TF.js, so that the
 * reference and the imported model see the same pixels. Used by embed/src/test/js/inception-reference/make-reference.sh.
 */
public final class InceptionReferenceInputs {

    private InceptionReferenceInputs() {
    }

    /** The images of the parity tests: those of the shared MobileNetV2 reference. */
    static List<String> images() throws IOException {
        List<String> names = new ArrayList<>();
        new ObjectMapper().readTree(SharedData.referenceEmbeddings().toFile()).path("embeddings").fieldNames().forEachRemaining(names::add);
        return names;
    }

    public static void main(String[] args) throws IOException {
        Path out = Files.createDirectories(Path.of(args[0]));
        Preprocessing p = Preprocessing.INCEPTION_V3;
        int plane = p.size() * p.size();
        ImageDecoder decoder = new ImageDecoder();
        for (String name : images()) {
            float[] chw = new float[p.tensorLength()];
            p.apply(decoder.decode(Files.readAllBytes(SharedData.aicPaintings().resolve("images").resolve(name))), chw, 0);
            ByteBuffer hwc = ByteBuffer.allocate(chw.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < plane; i++) {
                for (int c = 0; c < 3; c++) {
                    hwc.putFloat(chw[c * plane + i]);
                }
            }
            Files.write(out.resolve(name + ".f32"), hwc.array());
        }
        System.out.println("wrote " + images().size() + " tensors of " + p.size() + " px into " + out);
    }
}
