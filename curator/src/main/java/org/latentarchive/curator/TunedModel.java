package org.latentarchive.curator;

import org.latentarchive.index.ArtworksIndex;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A trained network with everything needed to trust and reproduce it: its version (the n of
 * {@code vectors.tuned_<n>}), the field it was trained on, its options, the mean-rank figures it reached, its
 * training history, and the annotation lines it trained on and held out. Saved as {@code tuned_<n>.json} in a
 * models folder.
 */
public record TunedModel(int version, String sourceField, String createdAt, CuratorTrainer.Options options,
                         List<MeanRank.Result> metrics, List<CuratorTrainer.Epoch> history, long trainingMillis,
                         List<String> trainLines, List<String> heldOutLines, TunedProjection projection) {

    private static final Pattern FILE = Pattern.compile("tuned_(\\d+)\\.json");
    private static final Pattern FIELD = Pattern.compile("vectors\\.tuned_(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** {@code tuned_<version>}: the model's name and its field's name under vectors. */
    public String name() {
        return "tuned_" + version;
    }

    public String field() {
        return ArtworksIndex.vectorField(name());
    }

    public AnnotationSet train() {
        return new AnnotationSet(trainLines.stream().map(Annotation::parse).toList());
    }

    public AnnotationSet heldOut() {
        return new AnnotationSet(heldOutLines.stream().map(Annotation::parse).toList());
    }

    public Path save(Path models) throws IOException {
        Files.createDirectories(models);
        Path file = models.resolve(name() + ".json");
        Path partial = models.resolve(name() + ".json.partial");
        JSON.writeValue(partial.toFile(), this);
        // a half-written model must never look like a finished one
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    public static TunedModel load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no tuned model at " + file);
        }
        return JSON.readValue(file.toFile(), TunedModel.class);
    }

    /** The model behind a field name like {@code vectors.tuned_3} or a name like {@code tuned_3} in a models folder. */
    public static Path file(Path models, String nameOrField) {
        String name = ArtworksIndex.spaceOf(nameOrField);
        return models.resolve(name + ".json");
    }

    /**
     * The next free version: one above every tuned model in the folder and every tuned field in the index, so a
     * new model never overwrites an old one nor a field made by a model that was deleted.
     */
    public static int nextVersion(Path models, List<String> indexFields) throws IOException {
        List<Path> files = files(models);
        int highest = files.isEmpty() ? 0 : version(files.get(0));
        for (String field : indexFields) {
            Matcher m = FIELD.matcher(field);
            if (m.matches()) {
                highest = Math.max(highest, Integer.parseInt(m.group(1)));
            }
        }
        return highest + 1;
    }

    /** The tuned_<n>.json files of a models folder, highest version first; none when the folder does not exist. */
    public static List<Path> files(Path models) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(models)) {
            try (var list = Files.list(models)) {
                list.filter(file -> FILE.matcher(file.getFileName().toString()).matches()).forEach(files::add);
            }
        }
        files.sort(java.util.Comparator.comparingInt((Path file) -> version(file)).reversed());
        return files;
    }

    private static int version(Path file) {
        Matcher m = FILE.matcher(file.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** Lines as the prototype's text, for storing inside the model. */
    static List<String> lines(AnnotationSet set) {
        List<String> lines = new ArrayList<>(set.size());
        set.annotations().forEach(a -> lines.add(a.toLine()));
        return lines;
    }
}
