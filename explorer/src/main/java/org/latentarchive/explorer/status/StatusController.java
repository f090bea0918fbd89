package org.latentarchive.explorer.status;

import io.javalin.http.Context;

/** GET /api/status */
public final class StatusController {

    private final StatusService status;

    public StatusController(StatusService status) {
        this.status = status;
    }

    public void get(Context ctx) {
        ctx.json(status.status());
    }
}
