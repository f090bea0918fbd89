package org.latentarchive.indexer.source;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Downloads images into a content-addressed disk cache: {@code blobs/ab/<sha256 of the bytes>} holds each image
 * once, {@code urls/<sha256 of the URL>} says which blob a URL gave. A re-run (or a resumed run) reads from the cache
 * and does not touch the network. Downloads are bounded in size, time and concurrency, and retried on 429/5xx.
 */
public final class ImageFetcher {

    private final OkHttpClient http;
    private final Path cache;
    private final long maxBytes;
    private final Semaphore concurrent;
    private final RetryPolicy retry;
    private final AtomicLong downloaded = new AtomicLong();

    public ImageFetcher(OkHttpClient http, Path cache, long maxBytes, Duration timeout, int maxConcurrent, RetryPolicy retry) {
        this.http = http.newBuilder().callTimeout(timeout).build();
        this.cache = cache;
        this.maxBytes = maxBytes;
        this.concurrent = new Semaphore(maxConcurrent);
        this.retry = retry;
    }

    public long downloaded() {
        return downloaded.get();
    }

    public byte[] fetch(String url) throws IOException {
        Path pointer = cache.resolve("urls").resolve(sha256(url.getBytes(StandardCharsets.UTF_8)));
        if (Files.isRegularFile(pointer)) {
            Path blob = blob(Files.readString(pointer).strip());
            if (Files.isRegularFile(blob)) {
                return Files.readAllBytes(blob);
            }
        }
        byte[] bytes = download(url);
        String sha = sha256(bytes);
        Path blob = blob(sha);
        writeAtomically(blob, bytes);
        writeAtomically(pointer, sha.getBytes(StandardCharsets.UTF_8));
        return bytes;
    }

    private byte[] download(String url) throws IOException {
        concurrent.acquireUninterruptibly();
        try {
            return retry.call("GET " + url, () -> {
                Request request = new Request.Builder().url(url).header("Accept", "image/*").build();
                try (Response response = http.newCall(request).execute()) {
                    if (!response.isSuccessful()) {
                        throw RetryPolicy.HttpStatusException.of(response);
                    }
                    ResponseBody body = response.body();
                    if (body.contentLength() > maxBytes) {
                        throw new RetryPolicy.PermanentException("image larger than " + maxBytes + " bytes (" + body.contentLength() + ")");
                    }
                    byte[] bytes = readAtMost(body.byteStream(), maxBytes);
                    downloaded.incrementAndGet();
                    return bytes;
                }
            });
        } finally {
            concurrent.release();
        }
    }

    private static byte[] readAtMost(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            total += n;
            if (total > max) {
                throw new RetryPolicy.PermanentException("image larger than " + max + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private Path blob(String sha) {
        return cache.resolve("blobs").resolve(sha.substring(0, 2)).resolve(sha);
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(target.getParent());
        Path partial = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".partial");
        try {
            Files.write(partial, bytes);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
