package org.latentarchive.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.latentarchive.embed.model.NsfwjsModel;
import org.latentarchive.embed.testing.SharedData;
import org.latentarchive.vectors.VectorMath;

import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The second backbone: nsfwjs's InceptionV3, a TF.js layers model, imported to ONNX, embeds the reference images as
 * TF.js computes them with the original model (inception_v3-reference.json, made by
 * embed/src/test/js/inception-reference/make-reference.sh from the same pixels), from the JPEG through the project's
 * decoding, resize and DJL.
 */
class InceptionParityTest {

    private static Embedder embedder;

    @BeforeAll
    static void loadModel() throws Exception {
        embedder = Embedder.open(ImageModel.inceptionV3(NsfwjsModel.defaultCacheDir(), System.out), 0, false);
    }

    @AfterAll
    static void close() {
        if (embedder != null) {
            embedder.close();
        }
    }

    @Test
    void everyReferenceImageEmbedsAsTfjsDoesWithCosineAtLeast0999() throws Exception {
        JsonNode reference;
        try (InputStream in = InceptionParityTest.class.getResourceAsStream("/inception_v3-reference.json")) {
            reference = new ObjectMapper().readTree(in);
        }
        assertEquals(NsfwjsModel.INCEPTION_DIMS, reference.path("dims").asInt());
        assertEquals(NsfwjsModel.INCEPTION_DIMS, embedder.model().dims());
        ImageDecoder decoder = new ImageDecoder();
        List<String> report = new ArrayList<>();
        double worst = 1;
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = reference.path("embeddings").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            float[] expected = new float[entry.getValue().size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (float) entry.getValue().get(i).asDouble();
            }
            float[] actual = embedder.embed(decoder.decode(Files.readAllBytes(SharedData.aicPaintings().resolve("images").resolve(entry.getKey()))));
            assertEquals(expected.length, actual.length);
            double cosine = VectorMath.cosine(expected, actual);
            report.add(entry.getKey() + "=" + String.format(Locale.ROOT, "%.6f", cosine));
            worst = Math.min(worst, cosine);
            checked++;
        }
        System.out.println("InceptionV3 cosine to the TF.js reference: " + report);
        System.out.println("TF.js on the same pixels vs TF.js on its own JPEG decode: " + reference.path("cosine_to_tfjs_own_decode"));
        assertTrue(checked >= 10, "at least ten reference images, not " + checked);
        assertTrue(worst >= 0.999, "lowest cosine " + worst + ": " + report);
    }

    @Test
    void featuresAreNonNegativeAndDifferBetweenPaintings() throws Exception {
        ImageDecoder decoder = new ImageDecoder();
        var images = SharedData.aicPaintings().resolve("images");
        float[] a = embedder.embed(decoder.decode(Files.readAllBytes(images.resolve("100026.jpg"))));
        float[] b = embedder.embed(decoder.decode(Files.readAllBytes(images.resolve("12683.jpg"))));
        for (float v : a) {
            assertTrue(v >= 0, "average-pooled ReLU features are non-negative: " + v);
        }
        assertTrue(VectorMath.cosine(a, b) < 0.95, "two different paintings must not embed alike");
    }
}
