package org.latentarchive.explorer.status;

/** What the page header shows, and what a health check reads: is the index there and how big is it. */
public record Status(String index, String field, long artworks, String elasticsearch) {
}
