package org.latentarchive.embed;

import org.latentarchive.vectors.VectorMath;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.latentarchive.embed.model.NsfwjsModel;
import org.latentarchive.embed.testing.CmykJpeg;
import org.latentarchive.embed.testing.ReferenceParity;
import org.latentarchive.embed.testing.SharedData;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The importer and the embedding pipeline reproduce what the original TF.js model computes for real images of the
 * sample collection (the shared reference file): decoding, resize, the imported ONNX graph and DJL together.
 */
class ReferenceParityTest {

    private static Embedder embedder;

    @BeforeAll
    static void loadModel() throws Exception {
        embedder = Embedder.open(ImageModel.mobilenetV2(NsfwjsModel.defaultCacheDir(), System.out), 0, false);
    }

    @AfterAll
    static void close() {
        if (embedder != null) {
            embedder.close();
        }
    }

    @Test
    void everyReferenceImageEmbedsWithCosineAtLeast0999() throws Exception {
        JsonNode reference = new ObjectMapper().readTree(SharedData.referenceEmbeddings().toFile());
        assertEquals(NsfwjsModel.DIMS, reference.path("dims").asInt());
        ReferenceParity.Result parity = ReferenceParity.compare(embedder, reference.path("embeddings"));
        System.out.println("cosine to the TF.js reference: " + parity.report());
        assertEquals(11, parity.checked());
        assertTrue(parity.worst() >= 0.999, "lowest cosine " + parity.worst() + ": " + parity.report());
    }

    @Test
    void aCmykScanOfAPaintingEmbedsAsThatPainting() throws Exception {
        ImageDecoder decoder = new ImageDecoder();
        Path images = SharedData.aicPaintings().resolve("images");
        byte[] original = Files.readAllBytes(images.resolve("109220.jpg"));
        byte[] cmyk = CmykJpeg.of(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(original)));
        float[] fromCmyk = embedder.embed(decoder.decode(cmyk));
        double self = VectorMath.cosine(fromCmyk, embedder.embed(decoder.decode(original)));
        double closestOther = -1;
        try (var files = Files.list(images)) {
            for (Path other : files.filter(p -> !p.getFileName().toString().equals("109220.jpg")).sorted().limit(40).toList()) {
                closestOther = Math.max(closestOther, VectorMath.cosine(fromCmyk, embedder.embed(decoder.decode(Files.readAllBytes(other)))));
            }
        }
        System.out.printf(java.util.Locale.ROOT, "CMYK scan: cosine %.4f to its RGB original, at most %.4f to 40 others%n", self, closestOther);
        assertTrue(self >= 0.9, "the CMYK version embeds like the original: " + self);
        assertTrue(self > closestOther, "and closer to it than to any other painting: " + self + " vs " + closestOther);
    }

    @Test
    void featuresAreNonNegativeAndDifferBetweenPaintings() throws Exception {
        ImageDecoder decoder = new ImageDecoder();
        Path images = SharedData.aicPaintings().resolve("images");
        float[] a = embedder.embed(decoder.decode(Files.readAllBytes(images.resolve("100026.jpg"))));
        float[] b = embedder.embed(decoder.decode(Files.readAllBytes(images.resolve("12683.jpg"))));
        for (float v : a) {
            assertTrue(v >= 0 && v <= 6, "ReLU6 features are in [0, 6]: " + v);
        }
        assertTrue(VectorMath.cosine(a, b) < 0.95, "two different paintings must not embed alike");
    }
}
