package org.latentarchive.embed.testing;

import com.fasterxml.jackson.databind.JsonNode;
import org.latentarchive.embed.Embedder;
import org.latentarchive.embed.ImageDecoder;
import org.latentarchive.vectors.VectorMath;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Embeds the sample paintings a reference file names, from their JPEGs, and compares them with its vectors. */
public final class ReferenceParity {

    /** The lowest cosine, how many images were compared, and each image's cosine for the message. */
    public record Result(double worst, int checked, List<String> report) {
    }

    private ReferenceParity() {
    }

    /** {@code embeddings}: image file name -> the reference vector. */
    public static Result compare(Embedder embedder, JsonNode embeddings) throws IOException {
        ImageDecoder decoder = new ImageDecoder();
        List<String> report = new ArrayList<>();
        double worst = 1;
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = embeddings.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            float[] expected = new float[entry.getValue().size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (float) entry.getValue().get(i).asDouble();
            }
            float[] actual = embedder.embed(decoder.decode(Files.readAllBytes(SharedData.aicPaintings().resolve("images").resolve(entry.getKey()))));
            if (actual.length != expected.length) {
                throw new AssertionError(entry.getKey() + ": " + actual.length + " dims, the reference has " + expected.length);
            }
            double cosine = VectorMath.cosine(expected, actual);
            report.add(entry.getKey() + "=" + String.format(Locale.ROOT, "%.6f", cosine));
            worst = Math.min(worst, cosine);
            checked++;
        }
        return new Result(worst, checked, report);
    }
}
