package org.latentarchive.explorer.web;

/** The JSON body of every error answer: {@code {"status": 400, "error": "steps must be 1..200"}}. */
public record ApiError(int status, String error) {
}
