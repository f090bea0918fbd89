package org.latentarchive.explorer.artwork;

/** Image bytes ready to send. */
public record Image(byte[] bytes, String contentType) {
}
