package org.latentarchive.vectors;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The math stays apart from the glue: its sources import the JDK, the linear-algebra library and each other, never
 * Elasticsearch, Lucene, DJL, Jackson or an HTTP library. A fully qualified name in the code counts as an import.
 */
class VectorPackageIsPureTest {

    private static final Pattern QUALIFIED = Pattern.compile("\\b((?:org|com|ai|io|okhttp3|jakarta|javax)\\.[a-z]\\w*)(?:\\.\\w+)+");
    private static final List<String> ALLOWED = List.of("org.latentarchive.vectors", "org.ejml");

    @Test
    void importsNothingButTheJdkAndItsLinearAlgebraLibrary() throws IOException {
        Path sources = Path.of(System.getProperty("user.dir"), "src/main/java/org/latentarchive/vectors");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertFalse(files.isEmpty(), "sources under " + sources);
        List<String> foreign = new ArrayList<>();
        for (Path file : files) {
            for (String line : Files.readAllLines(file)) {
                String code = line.trim();
                if (code.startsWith("*") || code.startsWith("/*")) {
                    continue;
                }
                int comment = code.indexOf("//");
                Matcher m = QUALIFIED.matcher(comment >= 0 ? code.substring(0, comment) : code);
                while (m.find()) {
                    String name = m.group();
                    if (ALLOWED.stream().noneMatch(name::startsWith)) {
                        foreign.add(file.getFileName() + ": " + line.trim());
                    }
                }
            }
        }
        assertEquals(List.of(), foreign);
    }
}
