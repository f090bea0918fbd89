package org.latentarchive.explorer;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExplorerConfigTest {

    @Test
    void optionsWinOverEnvironmentVariablesWhichWinOverDefaults() {
        ExplorerConfig config = ExplorerConfig.fromArgs(new String[] {"--es-url", "https://es.example.org:9200/", "--port=8080"},
            Map.of("LATENT_ARCHIVE_ES_URL", "http://ignored:9200", "LATENT_ARCHIVE_ES_API_KEY", "secret",
                "LATENT_ARCHIVE_ES_CA", "/etc/ca.pem", "LATENT_ARCHIVE_MODEL", "tuned_3"));
        assertEquals("https://es.example.org:9200", config.elasticsearchUrl());
        assertEquals(8080, config.port());
        assertEquals(Optional.of("secret"), config.apiKey());
        assertEquals(Optional.of(Path.of("/etc/ca.pem")), config.caCertificate());
        assertEquals("vectors.tuned_3", config.vectorField());
        assertEquals("127.0.0.1", config.host());
        assertEquals("artworks", config.index());
    }

    @Test
    void unknownOptionsAndBadValuesAreRejectedWithTheReason() {
        var unknown = assertThrows(IllegalArgumentException.class, () -> ExplorerConfig.fromArgs(new String[] {"--es", "x"}, Map.of()));
        assertTrue(unknown.getMessage().contains("unknown option --es"), unknown.getMessage());
        var url = assertThrows(IllegalArgumentException.class, () -> ExplorerConfig.fromArgs(new String[] {"--es-url", "es:9200"}, Map.of()));
        assertTrue(url.getMessage().contains("must start with http:// or https://"), url.getMessage());
        var model = assertThrows(IllegalArgumentException.class, () -> ExplorerConfig.fromArgs(new String[] {"--model", "a.b"}, Map.of()));
        assertTrue(model.getMessage().contains("letters, digits and underscores"), model.getMessage());
    }

    @Test
    void tunedModelsLiveInTheModelsFolderTheIndexersTrainCommandUsesByDefault() {
        assertEquals(Path.of("models"), ExplorerConfig.fromArgs(new String[0], Map.of()).models());
        assertEquals(Path.of("models"), ExplorerConfig.local("http://127.0.0.1:9200", 0).models());
        assertEquals(Path.of("/srv/models"), ExplorerConfig.fromArgs(new String[0], Map.of("LATENT_ARCHIVE_MODELS", "/srv/models")).models());
        assertEquals(Path.of("/data/tuned"), ExplorerConfig.fromArgs(new String[] {"--models", "/data/tuned"},
            Map.of("LATENT_ARCHIVE_MODELS", "/srv/models")).models());
    }
}
