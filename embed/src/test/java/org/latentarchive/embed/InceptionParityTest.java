package org.latentarchive.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.latentarchive.embed.model.NsfwjsModel;
import org.latentarchive.embed.testing.ReferenceParity;
import org.latentarchive.embed.testing.SharedData;
import org.latentarchive.vectors.VectorMath;

import java.io.InputStream;
import java.nio.file.Files;

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
        ReferenceParity.Result parity = ReferenceParity.compare(embedder, reference.path("embeddings"));
        System.out.println("InceptionV3 cosine to the TF.js reference: " + parity.report());
        System.out.println("TF.js on the same pixels vs TF.js on its own JPEG decode: " + reference.path("cosine_to_tfjs_own_decode"));
        assertTrue(parity.checked() >= 10, "at least ten reference images, not " + parity.checked());
        assertTrue(parity.worst() >= 0.999, "lowest cosine " + parity.worst() + ": " + parity.report());
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
