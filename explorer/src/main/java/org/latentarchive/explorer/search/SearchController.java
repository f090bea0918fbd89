package org.latentarchive.explorer.search;

import io.javalin.http.Context;
import org.latentarchive.explorer.web.BadRequest;
import org.latentarchive.explorer.web.Params;

/** GET /api/search?q=&artist=&yearFrom=&yearTo=&technique=&publicDomain=&from=&size= */
public final class SearchController {

    private static final int MAX_WINDOW = 10_000;

    private final SearchService search;

    public SearchController(SearchService search) {
        this.search = search;
    }

    public void search(Context ctx) {
        int from = Params.integer(ctx, "from", 0, 0, MAX_WINDOW);
        int size = Params.integer(ctx, "size", 48, 1, 200);
        if (from + size > MAX_WINDOW) {
            throw new BadRequest("from + size must not pass " + MAX_WINDOW);
        }
        ctx.json(search.search(new SearchQuery(Params.text(ctx, "q", 500), Params.filter(ctx), from, size)));
    }
}
