package org.latentarchive.explorer;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.latentarchive.index.EsOptions;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.util.List;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExplorerConfigTest {

    private static ExplorerConfig parse(String... args) throws Exception {
        ExplorerCommand command = new ExplorerCommand();
        new CommandLine(command).parseArgs(args);
        return command.config();
    }

    @Test
    void optionsGiveTheConfiguration() throws Exception {
        ExplorerConfig config = parse("--es-url", "https://es.example.org:9200/", "--port=8080", "--es-api-key", "secret",
            "--es-ca", "/etc/ca.pem", "--model", "tuned_3");
        assertEquals("https://es.example.org:9200", config.es().url());
        assertEquals(8080, config.port());
        assertEquals("secret", config.es().apiKey());
        assertEquals(Path.of("/etc/ca.pem"), config.es().caCertificate());
        assertEquals("vectors.tuned_3", config.vectorField());
        assertEquals("artworks", config.index());
        assertTrue(config.es().toString().contains("API key") && !config.es().toString().contains("secret"),
            "the key is never printed: " + config.es());
    }

    @Test
    void everyOptionHasTheEnvironmentVariableNamedAfterIt() throws Exception {
        // one set of names for the explorer, the indexer and the curator: --es-api-key is LATENT_ARCHIVE_ES_API_KEY
        int checked = 0;
        for (Class<?> type : List.of(ExplorerCommand.class, EsOptions.class)) {
            for (Field field : type.getDeclaredFields()) {
                Option option = field.getAnnotation(Option.class);
                if (option == null) {
                    continue;
                }
                String variable = "LATENT_ARCHIVE_" + option.names()[0].substring(2).replace('-', '_').toUpperCase();
                assertTrue(option.defaultValue().startsWith("${env:" + variable), option.names()[0] + " reads " + variable
                    + ": " + option.defaultValue());
                checked++;
            }
        }
        assertEquals(16, checked, "host, port, five connection options, index, model, image root, models, cache, accounts, curator, read-only, rate limits");
    }

    @Test
    void unknownOptionsAndBadValuesAreRejectedWithTheReason() throws Exception {
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new ExplorerCommand()).setErr(new PrintWriter(err))
            .setParameterExceptionHandler(ExplorerCommand::badOption);
        assertEquals(2, commandLine.execute("--es", "x"));
        assertTrue(err.toString().contains("Unknown option") && err.toString().contains("'--es'"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), "one line: " + err);
        var url = assertThrows(IllegalArgumentException.class, () -> parse("--es-url", "es:9200"));
        assertTrue(url.getMessage().contains("must start with http:// or https://"), url.getMessage());
        var model = assertThrows(IllegalArgumentException.class, () -> parse("--model", "a.b"));
        assertTrue(model.getMessage().contains("letters, digits and underscores"), model.getMessage());
    }

    @Test
    void helpIsPrintedOnStandardOutputWithExitCodeZero() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine commandLine = new CommandLine(new ExplorerCommand()).setOut(new PrintWriter(out));
        assertEquals(0, commandLine.execute("--help"));
        assertTrue(out.toString().contains("--es-api-key") && out.toString().contains("LATENT_ARCHIVE_ES_API_KEY"), out.toString());
    }

    @Test
    void tunedModelsLiveInTheModelsFolderTheCuratorsTrainCommandUsesByDefault() throws Exception {
        assertEquals(Path.of("models"), ExplorerConfig.local("http://127.0.0.1:9200", 0).models());
        assertEquals(Path.of("/data/tuned"), parse("--models", "/data/tuned").models());
    }
}
