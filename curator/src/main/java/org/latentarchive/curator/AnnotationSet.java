package org.latentarchive.curator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** An ordered list of annotations, read from and written to the prototype's text format. */
public record AnnotationSet(List<Annotation> annotations) {

    public AnnotationSet {
        annotations = List.copyOf(annotations);
    }

    public int size() {
        return annotations.size();
    }

    /** Reads the prototype's format; blank lines are skipped; a bad line fails with its line number. */
    public static AnnotationSet read(Reader in) throws IOException {
        List<Annotation> annotations = new ArrayList<>();
        BufferedReader lines = new BufferedReader(in);
        int number = 0;
        for (String line; (line = lines.readLine()) != null; ) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            try {
                annotations.add(Annotation.parse(line));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("annotation line " + number + ": " + e.getMessage(), e);
            }
        }
        return new AnnotationSet(annotations);
    }

    public static AnnotationSet read(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in);
        }
    }

    /** Writes one line per annotation, each ending with a newline. */
    public void write(Writer out) throws IOException {
        for (Annotation annotation : annotations) {
            out.write(annotation.toLine());
            out.write('\n');
        }
        out.flush();
    }

    public void write(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(out);
        }
    }

    /**
     * A seeded random split, {@code trainFraction} of the lines for training and the rest held out (the
     * prototype's 75/25 random_split). The same seed gives the same split.
     */
    public Split split(double trainFraction, long seed) {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("train fraction must lie strictly between 0 and 1: " + trainFraction);
        }
        List<Annotation> shuffled = new ArrayList<>(annotations);
        Collections.shuffle(shuffled, new Random(seed));
        int train = (int) Math.round(shuffled.size() * trainFraction);
        return new Split(new AnnotationSet(shuffled.subList(0, train)),
            new AnnotationSet(shuffled.subList(train, shuffled.size())));
    }

    /** Training lines and held-out lines. */
    public record Split(AnnotationSet train, AnnotationSet heldOut) {
    }
}
