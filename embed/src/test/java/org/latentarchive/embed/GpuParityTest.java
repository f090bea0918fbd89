package org.latentarchive.embed;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.latentarchive.embed.model.NsfwjsModel;
import org.latentarchive.embed.testing.SharedData;
import org.latentarchive.vectors.VectorMath;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On a GPU machine only ({@code -Pgpu -Dlatent.archive.gpu=true}, see indexer/src/test/gpu/gpu-check.sh): the CUDA
 * provider embeds the reference images as the CPU does. Batched, as the indexer runs it.
 */
@EnabledIfSystemProperty(named = "latent.archive.gpu", matches = "true")
class GpuParityTest {

    @Test
    void theGpuEmbedsTheReferenceImagesAsTheCpuDoes() throws Exception {
        ImageModel model = ImageModel.mobilenetV2(NsfwjsModel.defaultCacheDir(), System.out);
        List<String> names = new ArrayList<>();
        new ObjectMapper().readTree(SharedData.referenceEmbeddings().toFile()).path("embeddings").fieldNames().forEachRemaining(names::add);
        assertEquals(11, names.size());
        Preprocessing p = model.preprocessing();
        float[] batch = new float[names.size() * p.tensorLength()];
        ImageDecoder decoder = new ImageDecoder();
        for (int i = 0; i < names.size(); i++) {
            p.apply(decoder.decode(Files.readAllBytes(SharedData.aicPaintings().resolve("images").resolve(names.get(i)))), batch,
                i * p.tensorLength());
        }
        float[][] cpu;
        float[][] gpu;
        try (Embedder onCpu = Embedder.open(model, 0, false)) {
            cpu = onCpu.embed(batch, names.size());
        }
        try (Embedder onGpu = Embedder.open(model, 0, true)) {
            gpu = onGpu.embed(batch, names.size());
        }
        double worst = 1;
        List<String> report = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            double c = VectorMath.cosine(cpu[i], gpu[i]);
            worst = Math.min(worst, c);
            report.add(names.get(i) + "=" + String.format(java.util.Locale.ROOT, "%.6f", c));
        }
        System.out.println("cosine GPU to CPU: " + report);
        assertTrue(worst >= 0.999, "lowest cosine " + worst + ": " + report);
    }
}
