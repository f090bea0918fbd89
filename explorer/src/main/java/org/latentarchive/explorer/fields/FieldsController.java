package org.latentarchive.explorer.fields;

import io.javalin.http.Context;

/** GET /api/fields: the vector spaces a request may name with {@code field=}. */
public final class FieldsController {

    private final VectorFields fields;

    public FieldsController(VectorFields fields) {
        this.fields = fields;
    }

    public void get(Context ctx) {
        ctx.json(fields.list());
    }
}
