package org.latentarchive.explorer.access;

import io.javalin.http.Context;
import org.latentarchive.explorer.web.BadRequest;
import org.latentarchive.explorer.web.Params;

import java.util.Arrays;
import java.util.Optional;

/**
 * Signing in and out:
 * <pre>
 * GET    /api/session   who is signed in (curator and CSRF token), or curator null
 * POST   /api/session   {name, password}: a session cookie (HttpOnly, SameSite=Strict) and the CSRF token
 * DELETE /api/session   signs out (a change: it needs the CSRF token)
 * </pre>
 */
public final class SessionController {

    /** What the page needs: the curator's name and the token it sends with every change. */
    public record SessionInfo(String curator, String csrfToken, boolean accounts) {
    }

    private record SignIn(String name, String password) {
    }

    private final Access access;

    public SessionController(Access access) {
        this.access = access;
    }

    public void get(Context ctx) {
        Optional<Sessions.Session> session = access.session(ctx);
        ctx.json(new SessionInfo(session.map(Sessions.Session::curator).orElse(null),
            session.map(Sessions.Session::csrfToken).orElse(null), !access.accounts().isEmpty()));
    }

    public void signIn(Context ctx) {
        SignIn body = Params.body(ctx, SignIn.class);
        if (body.password() == null || body.password().isEmpty()) {
            throw new BadRequest("a sign-in needs a name and a password");
        }
        char[] password = body.password().toCharArray();
        try {
            Sessions.Session session = access.signIn(ctx, body.name(), password);
            ctx.json(new SessionInfo(session.curator(), session.csrfToken(), true));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    public void signOut(Context ctx) {
        access.signOut(ctx);
        ctx.status(204);
    }
}
