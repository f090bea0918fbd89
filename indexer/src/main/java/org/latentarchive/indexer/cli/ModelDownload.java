package org.latentarchive.indexer.cli;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/** A model given as a URL is downloaded once into the model cache, under a name derived from the URL. */
final class ModelDownload {

    private ModelDownload() {
    }

    static Path resolve(String pathOrUrl, Path cacheDir, PrintStream log) throws IOException {
        if (!pathOrUrl.startsWith("http://") && !pathOrUrl.startsWith("https://")) {
            Path file = Path.of(pathOrUrl);
            if (!Files.isRegularFile(file)) {
                throw new IOException("no ONNX model at " + file);
            }
            return file;
        }
        Path target = cacheDir.resolve("downloaded").resolve(sha256(pathOrUrl).substring(0, 24) + ".onnx");
        if (Files.isRegularFile(target)) {
            return target;
        }
        Files.createDirectories(target.getParent());
        log.println("downloading " + pathOrUrl + " into " + target);
        OkHttpClient http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(30)).readTimeout(Duration.ofMinutes(2)).build();
        Path partial = Files.createTempFile(target.getParent(), "model", ".partial");
        try (Response response = http.newCall(new Request.Builder().url(pathOrUrl).build()).execute()) {
            if (!response.isSuccessful()) {
                throw new IOException("HTTP " + response.code() + " downloading " + pathOrUrl);
            }
            try (InputStream in = response.body().byteStream()) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } finally {
            Files.deleteIfExists(partial);
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
