package org.latentarchive.explorer.fields;

/**
 * One vector space of the index: {@code name} as people choose it (mobilenet_v2, tuned_3), {@code field} as
 * Elasticsearch names it (vectors.tuned_3), how many artworks have a vector in it, and what made it when every
 * artwork's {@code embedded.<name>} says the same (a tuned model or a stack names itself there; null otherwise).
 */
public record VectorField(String name, String field, int dims, String similarity, String indexType, long artworks,
                          String madeBy) {
}
