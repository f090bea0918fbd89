package org.latentarchive.plugin.vector;

import org.elasticsearch.test.ESTestCase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.not;

public class VectorPackageIsPureTests extends ESTestCase {

    public void testImportsNothingFromElasticsearchOrLucene() throws IOException {
        Path sources = Path.of(System.getProperty("user.dir"), "src/main/java/org/latentarchive/plugin/vector");
        List<Path> files;
        try (Stream<Path> list = Files.list(sources)) {
            files = list.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(files, not(empty()));
        for (Path file : files) {
            for (String line : Files.readAllLines(file)) {
                String code = line.trim();
                if (code.startsWith("*") || code.startsWith("/") == false && code.contains("//")) {
                    code = code.startsWith("*") ? "" : code.substring(0, code.indexOf("//"));
                }
                assertFalse(file + ": " + line, code.contains("org.elasticsearch") || code.contains("org.apache.lucene"));
            }
        }
    }
}
