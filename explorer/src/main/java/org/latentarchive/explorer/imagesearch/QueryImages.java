package org.latentarchive.explorer.imagesearch;

import org.latentarchive.embed.Embedder;
import org.latentarchive.embed.ImageDecoder;
import org.latentarchive.embed.ImageModel;
import org.latentarchive.embed.RgbImage;
import org.latentarchive.explorer.web.BadRequest;
import org.latentarchive.explorer.web.PayloadTooLarge;
import org.latentarchive.explorer.web.Unavailable;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Turns a visitor's image into a vector with the indexer's own model and preprocessing (module embed/), so that an
 * uploaded photo of a painting lands where the painting's indexed vector is. Decoding and inference run on a small
 * bounded pool: a burst of uploads waits in a short queue or is told to come back (503), and never takes every
 * core from the searches. The image stays in memory for the one request; nothing is stored.
 *
 * <p>The model is loaded on the first image query (an explorer nobody uploads to never loads it).
 */
public final class QueryImages implements AutoCloseable {

    /** Limits of an upload: bytes of the file, and pixels its header declares (checked before any decoding). */
    public record Limits(int maxBytes, long maxPixels) {
        public static final Limits DEFAULT = new Limits(20 * 1024 * 1024, 50_000_000L);
    }

    private final Path modelCache;
    private final Limits limits;
    private final ImageDecoder decoder;
    private final ThreadPoolExecutor pool;
    private final int inferenceThreads;
    private Embedder embedder;

    public QueryImages(Path modelCache, Limits limits) {
        this.modelCache = modelCache;
        this.limits = limits;
        this.decoder = ImageDecoder.refusingAbove(limits.maxPixels());
        int cores = Runtime.getRuntime().availableProcessors();
        int workers = Math.max(1, Math.min(4, cores / 2));
        this.inferenceThreads = Math.max(1, cores / workers);
        this.pool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4 * workers), r -> {
            Thread t = new Thread(r, "query-image");
            t.setDaemon(true);
            return t;
        });
    }

    public Limits limits() {
        return limits;
    }

    /** The raw model vector of an uploaded image (as the indexer stores it). */
    public float[] embed(byte[] bytes) {
        check(bytes);
        Future<float[]> result;
        try {
            result = pool.submit(() -> embedder().embed(decode(bytes)));
        } catch (RejectedExecutionException e) {
            throw new Unavailable("too many image queries at once: try again in a moment");
        }
        try {
            return result.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted");
        } catch (java.util.concurrent.TimeoutException e) {
            result.cancel(true);
            throw new Unavailable("the image query took too long");
        }
    }

    private void check(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new BadRequest("no image: the request body is empty (send the image as the body or as the multipart field \"image\")");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new PayloadTooLarge("the image is " + bytes.length + " bytes; at most " + limits.maxBytes() + " are accepted");
        }
        if (isJpeg(bytes) && endsWithEndOfImage(bytes) == false) {
            // JPEG readers fill a truncated image with grey and carry on; its vector would be of a half-grey picture
            throw new BadRequest("the JPEG is truncated: it ends before its end-of-image marker");
        }
    }

    private RgbImage decode(byte[] bytes) {
        try {
            return decoder.decode(bytes);
        } catch (ImageDecoder.TooLargeException e) {
            throw new PayloadTooLarge(e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw new BadRequest("not a readable image: " + e.getMessage());
        } catch (OutOfMemoryError e) {
            throw new PayloadTooLarge("the image is too large to decode here");
        }
    }

    private static boolean isJpeg(byte[] b) {
        return b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff;
    }

    /** EOI (FF D9) within the last bytes: some writers pad the file after it. */
    private static boolean endsWithEndOfImage(byte[] b) {
        for (int i = b.length - 2; i >= Math.max(2, b.length - 1024); i--) {
            if ((b[i] & 0xff) == 0xff && (b[i + 1] & 0xff) == 0xd9) {
                return true;
            }
        }
        return false;
    }

    private synchronized Embedder embedder() {
        if (embedder == null) {
            try {
                PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
                embedder = Embedder.open(ImageModel.mobilenetV2(modelCache, quiet), inferenceThreads, false);
            } catch (IOException e) {
                throw new Unavailable("the image model cannot be loaded: " + e.getMessage());
            }
        }
        return embedder;
    }

    @Override
    public synchronized void close() {
        pool.shutdownNow();
        if (embedder != null) {
            embedder.close();
            embedder = null;
        }
    }
}
