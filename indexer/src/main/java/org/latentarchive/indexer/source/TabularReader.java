package org.latentarchive.indexer.source;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a collection's metadata file into rows of column -> value: a JSON array of objects (or an object holding one
 * under "items", "records", "data" or "artworks"), JSON Lines ({@code .jsonl} or {@code .ndjson}: one object a line,
 * blank lines skipped), or CSV with a header row (RFC 4180 quoting; ',' ';' or tab, detected from the header).
 */
final class TabularReader {

    private TabularReader() {
    }

    static List<Map<String, JsonNode>> read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return readJsonLines(text, file);
        }
        if (name.endsWith(".json") || text.stripLeading().startsWith("[") || text.stripLeading().startsWith("{")) {
            return readJson(text, file);
        }
        return readCsv(text);
    }

    private static List<Map<String, JsonNode>> readJson(String text, Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JacksonException e) {
            throw new IOException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root.isObject()) {
            for (String key : List.of("items", "records", "data", "artworks")) {
                if (root.path(key).isArray()) {
                    root = root.path(key);
                    break;
                }
            }
        }
        if (!root.isArray()) {
            throw new IOException(file + " holds no array of records");
        }
        List<Map<String, JsonNode>> rows = new ArrayList<>();
        for (JsonNode record : root) {
            rows.add(toRow(record));
        }
        return rows;
    }

    /**
     * One JSON object a line. A line that is not one stops the reading with its line number rather than being left
     * out: its object number is unknown, so a skipped line would read as a withdrawn work and --prune would delete
     * the artwork it holds.
     */
    private static List<Map<String, JsonNode>> readJsonLines(String text, Path file) throws IOException {
        ObjectReader json = new ObjectMapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        List<Map<String, JsonNode>> rows = new ArrayList<>();
        int number = 0;
        for (String line : text.lines().toList()) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode record;
            try {
                record = json.readTree(line);
            } catch (JacksonException e) {
                throw new IOException(file + " line " + number + " is not valid JSON: " + e.getOriginalMessage(), e);
            }
            if (!record.isObject()) {
                throw new IOException(file + " line " + number + " holds no JSON object");
            }
            rows.add(toRow(record));
        }
        return rows;
    }

    private static Map<String, JsonNode> toRow(JsonNode record) {
        Map<String, JsonNode> row = new LinkedHashMap<>();
        record.fields().forEachRemaining(e -> row.put(e.getKey(), e.getValue()));
        return row;
    }

    static List<Map<String, JsonNode>> readCsv(String text) throws IOException {
        List<List<String>> records = parseCsv(text, detectSeparator(text));
        if (records.isEmpty()) {
            return List.of();
        }
        List<String> header = records.getFirst();
        List<Map<String, JsonNode>> rows = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            List<String> record = records.get(r);
            if (record.size() == 1 && record.getFirst().isBlank()) {
                continue;
            }
            Map<String, JsonNode> row = new LinkedHashMap<>();
            for (int c = 0; c < header.size() && c < record.size(); c++) {
                row.put(header.get(c).strip(), com.fasterxml.jackson.databind.node.TextNode.valueOf(record.get(c)));
            }
            rows.add(row);
        }
        return rows;
    }

    private static char detectSeparator(String text) {
        int end = text.indexOf('\n');
        String header = end < 0 ? text : text.substring(0, end);
        char best = ',';
        long bestCount = header.chars().filter(ch -> ch == ',').count();
        for (char candidate : new char[] {';', '\t'}) {
            long count = header.chars().filter(ch -> ch == candidate).count();
            if (count > bestCount) {
                best = candidate;
                bestCount = count;
            }
        }
        return best;
    }

    private static List<List<String>> parseCsv(String text, char separator) throws IOException {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == separator) {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else {
                field.append(c);
            }
            i++;
        }
        if (quoted) {
            throw new IOException("the CSV file ends inside a quoted field");
        }
        if (!field.isEmpty() || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
