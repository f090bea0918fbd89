package org.latentarchive.indexer.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentarchive.embed.testing.SharedData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalCollectionSourceTest {

    private static List<Artwork> harvest(ArtworkSource source, List<String> skips) throws Exception {
        List<Artwork> artworks = new ArrayList<>();
        source.harvest(artworks::add, (what, why) -> skips.add(what + ": " + why));
        return artworks;
    }

    @Test
    void theAicSampleCollectionWorksWithoutConfiguration() throws Exception {
        List<String> skips = new ArrayList<>();
        List<Artwork> artworks = harvest(LocalCollectionSource.of(SharedData.aicPaintings()), skips);

        assertEquals(267, artworks.size());
        assertEquals(List.of(), skips);
        assertTrue(artworks.stream().allMatch(a -> a.image() != null && Files.isRegularFile(a.image().file())));
        Map<String, Artwork> byId = artworks.stream().collect(Collectors.toMap(Artwork::objectNumber, Function.identity()));

        Artwork monet = artworks.stream().filter(a -> a.artists().contains("Claude Monet")).findFirst().orElseThrow();
        assertEquals("French", monet.nationality());
        assertEquals(1840, monet.artistBirthYear());
        assertEquals(1926, monet.artistDeathYear());

        Artwork bassano = byId.get("109220");
        assertEquals("Annunciation to the Shepherds", bassano.title());
        assertEquals(new Artwork.Dating(1710, 1710, "c. 1710"), bassano.dating());
        assertEquals(List.of("Oil on canvas"), bassano.techniques());
        assertEquals("eighteenth_century", bassano.collection());
        assertEquals(Boolean.TRUE, bassano.publicDomain());
        assertEquals("https://www.artic.edu/artworks/109220", bassano.landingPage());
        assertEquals("local:aic-paintings", bassano.source());
        assertEquals(79, artworks.stream().filter(a -> "renaissance_baroque".equals(a.collection())).count());
    }

    @Test
    void csvWithItsOwnColumnNamesIsReadThroughAMapping(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("images"));
        Files.write(dir.resolve("images/A 1.jpg"), new byte[] {1});
        Files.writeString(dir.resolve("samling.csv"), """
            Inventarnr;Titel;Kunstner;Datering;Teknik;Fil
            A 1;"Havn; morgen";"Købke, Christen (Danish, 1810–1848)";1836–37;Olie|lærred;images/A 1.jpg
            B/2;"Et ""citat"" i titlen";Ukendt;ca. 1650;;
            ;Uden nummer;;;;
            """);
        ColumnMapping mapping = ColumnMapping.parse(List.of("object_number=Inventarnr", "title=Titel", "artist=Kunstner",
            "dating=Datering", "techniques=Teknik", "image=Fil"));
        List<String> skips = new ArrayList<>();
        List<Artwork> artworks = harvest(new LocalCollectionSource(dir, dir.resolve("samling.csv"), mapping, "|"), skips);

        assertEquals(2, artworks.size());
        Artwork first = artworks.get(0);
        assertEquals("A 1", first.objectNumber());
        assertEquals("Havn; morgen", first.title());
        assertEquals(List.of("Købke, Christen"), first.artists());
        assertEquals("Danish", first.nationality());
        assertEquals(new Artwork.Dating(1836, 1837, "1836–37"), first.dating());
        assertEquals(List.of("Olie", "lærred"), first.techniques());
        assertEquals(dir.resolve("images/A 1.jpg").toAbsolutePath().normalize(), first.image().file());
        Artwork second = artworks.get(1);
        assertEquals("B/2", second.objectNumber());
        assertEquals("Et \"citat\" i titlen", second.title());
        assertNull(second.image());
        assertEquals(List.of("record 3: no object number"), skips);
    }

    @Test
    void jsonLinesHoldTheSameRecordsAsAJsonArray(@TempDir Path dir) throws Exception {
        Path sample = SharedData.aicPaintings().toAbsolutePath().normalize();
        ObjectMapper json = new ObjectMapper();
        StringBuilder lines = new StringBuilder();
        int n = 0;
        for (JsonNode record : json.readTree(sample.resolve("metadata.json").toFile())) {
            // the images stay in the shared folder: only the metadata is written here
            ((ObjectNode) record).put("file", sample.resolve(record.path("file").asText()).toString());
            lines.append(json.writeValueAsString(record)).append(n++ % 50 == 0 ? "\r\n\r\n" : "\r\n");
        }
        Files.writeString(dir.resolve("metadata.jsonl"), lines);
        List<String> skips = new ArrayList<>();

        List<Artwork> fromLines = harvest(new LocalCollectionSource(sample, dir.resolve("metadata.jsonl"), ColumnMapping.defaults(), ";"), skips);

        assertEquals(harvest(LocalCollectionSource.of(sample), skips), fromLines);
        assertEquals(267, fromLines.size());
        assertEquals(List.of(), skips);
    }

    @Test
    void aJsonLinesCollectionIsFoundByNameAndSkipsBlankLines(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("metadata.jsonl"), """
            {"id": "A 1", "title": "Havn", "artist_display": "Christen Købke (Danish, 1810–1848)"}

            {"id": "B 2", "title": "Et \\"citat\\"", "date_display": "1836–37"}
               \t
            {"title": "Uden nummer"}
            """);
        List<String> skips = new ArrayList<>();
        List<Artwork> artworks = harvest(LocalCollectionSource.of(dir), skips);

        assertEquals(List.of("A 1", "B 2"), artworks.stream().map(Artwork::objectNumber).toList());
        assertEquals("Danish", artworks.get(0).nationality());
        assertEquals("Et \"citat\"", artworks.get(1).title());
        assertEquals(new Artwork.Dating(1836, 1837, "1836–37"), artworks.get(1).dating());
        assertEquals(List.of("record 3: no object number"), skips);
    }

    @Test
    void aMalformedJsonLineStopsTheHarvestNamingItsLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("metadata.jsonl"), """
            {"id": "1", "title": "first"}

            {"id": "2", "title": "cut off
            {"id": "3", "title": "third"}
            """);
        List<String> harvested = new ArrayList<>();
        IOException e = assertThrows(IOException.class,
            () -> LocalCollectionSource.of(dir).harvest(a -> harvested.add(a.objectNumber()), (what, why) -> { }));

        assertTrue(e.getMessage().contains("metadata.jsonl line 3 is not valid JSON"), e.getMessage());
        assertEquals(List.of(), harvested);

        Files.writeString(dir.resolve("metadata.jsonl"), "{\"id\": \"1\"}\n[\"not\", \"an object\"]\n");
        e = assertThrows(IOException.class, () -> LocalCollectionSource.of(dir).harvest(a -> { }, (what, why) -> { }));
        assertTrue(e.getMessage().contains("metadata.jsonl line 2 holds no JSON object"), e.getMessage());
    }

    @Test
    void aMappingToAMissingColumnIsAClearError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("metadata.csv"), "id,title\n1,x\n");
        LocalCollectionSource source = new LocalCollectionSource(dir, null, ColumnMapping.parse(List.of("artist=Maker")), ";");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> harvest(source, new ArrayList<>()));
        assertTrue(e.getMessage().contains("no column 'Maker'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ColumnMapping.parse(List.of("colour_of_frame=x")));
    }

    @Test
    void datingTextBecomesYears() {
        assertEquals(new Artwork.Dating(1855, 1860, "1855–60"), Artwork.Dating.parse("1855–60"));
        assertEquals(new Artwork.Dating(1520, 1530, "1520/30"), Artwork.Dating.parse("1520/30"));
        assertEquals(new Artwork.Dating(1875, 1890, "c. 1875–90"), Artwork.Dating.parse("c. 1875–90"));
        assertEquals(new Artwork.Dating(1850, 1859, "1850s"), Artwork.Dating.parse("1850s"));
        assertEquals(new Artwork.Dating(null, null, "undated"), Artwork.Dating.parse("undated"));
    }
}
