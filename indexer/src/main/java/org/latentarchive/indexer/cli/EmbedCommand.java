package org.latentarchive.indexer.cli;

import java.nio.file.NoSuchFileException;
import org.latentarchive.vectors.VectorMath;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.latentarchive.embed.Embedder;
import org.latentarchive.embed.ImageDecoder;
import org.latentarchive.embed.ImageModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** Prints the vectors of image files as JSON, for checks and debugging. */
@Command(name = "embed", mixinStandardHelpOptions = true,
    description = "Print the embeddings of image files as JSON: {\"model\", \"id\", \"dims\", \"embeddings\": {file: [..]}}.")
final class EmbedCommand implements Callable<Integer> {

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--normalize", description = "L2-normalise the vectors (as cosine similarity sees them)")
    boolean normalize;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "image files")
    List<Path> images;

    @Override
    public Integer call() throws Exception {
        ImageModel model = modelOptions.model(System.err);
        ImageDecoder decoder = new ImageDecoder();
        int failures = 0;
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        try (Embedder embedder = Embedder.open(model, modelOptions.threads, modelOptions.gpu);
             JsonGenerator json = new ObjectMapper().getFactory().createGenerator(out)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("model", model.name());
            json.writeStringField("id", model.id());
            json.writeNumberField("dims", model.dims());
            json.writeObjectFieldStart("embeddings");
            for (Path image : images) {
                float[] v;
                try {
                    v = embedder.embed(decoder.decode(Files.readAllBytes(image)));
                } catch (NoSuchFileException e) {
                    System.err.println("no such file: " + image);
                    failures++;
                    continue;
                } catch (IOException e) {
                    System.err.println("skipped " + image + ": " + e.getMessage());
                    failures++;
                    continue;
                }
                if (normalize) {
                    v = VectorMath.normalized(v);
                }
                json.writeArrayFieldStart(image.toString());
                for (float x : v) {
                    json.writeNumber(x);
                }
                json.writeEndArray();
            }
            json.writeEndObject();
            json.writeEndObject();
        }
        out.println();
        out.flush();
        return failures == 0 ? 0 : 3;
    }
}
