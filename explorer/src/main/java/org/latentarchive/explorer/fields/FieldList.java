package org.latentarchive.explorer.fields;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** GET /api/fields: the space the explorer uses unless a request names another, and every space there is. */
public record FieldList(@JsonProperty("default") String defaultName, List<VectorField> fields) {
}
