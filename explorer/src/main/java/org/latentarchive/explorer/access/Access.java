package org.latentarchive.explorer.access;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;
import org.latentarchive.explorer.web.Forbidden;
import org.latentarchive.explorer.web.TooManyRequests;
import org.latentarchive.explorer.web.Unauthorized;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may do what, checked on the server before every matched route: a {@link Role#CURATOR} route needs a live
 * session, and when it changes state (any method but GET and HEAD) the session's CSRF token in the
 * {@value #CSRF_HEADER} header; an expensive public route spends from its client's {@link Throttle}. The page only
 * hides what a visitor cannot use; this is where it is refused.
 */
public final class Access {

    public static final String COOKIE = "la_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** Wrong passwords a client may give in a row before it must wait: then one more every 30 s. */
    static final int SIGN_IN_BURST = 5;

    private static final Set<HandlerType> READS = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);
    private static final String CURATOR_ATTRIBUTE = "latent-archive.curator";

    private final CuratorAccounts accounts;
    private final Sessions sessions;
    private final Throttle signIns;
    private final Map<String, Throttle> limits;

    /**
     * @param limits route path (as declared, e.g. {@code /api/clusters}) to its throttle; empty turns rate limits off
     */
    public Access(CuratorAccounts accounts, Map<String, Throttle> limits, Clock clock) {
        this.accounts = accounts;
        this.sessions = new Sessions(clock);
        this.signIns = new Throttle("sign-in", SIGN_IN_BURST, 1 / 30.0, clock);
        this.limits = Map.copyOf(limits);
    }

    /** The explorer's rates for its expensive public routes, per client. */
    public static Map<String, Throttle> defaultLimits(Clock clock) {
        // an image query embeds the upload (tens of ms of CPU): both its routes spend from one budget
        Throttle imageQueries = new Throttle("image queries", 10, 1, clock);
        return Map.ofEntries(
            Map.entry("/api/clusters", new Throttle("clusters", 10, 0.5, clock)),
            Map.entry("/api/walk", new Throttle("walks", 20, 1, clock)),
            Map.entry("/api/artworks/{id}/neighbours", new Throttle("neighbours", 60, 5, clock)),
            Map.entry("/api/similar", new Throttle("similar", 60, 5, clock)),
            Map.entry("/api/search/image", imageQueries),
            Map.entry("/api/walk/image", imageQueries),
            Map.entry("/images/{id}", new Throttle("images", 600, 40, clock)),
            Map.entry("/api/clusters/selection", new Throttle("selection clusters", 10, 0.5, clock)),
            Map.entry("/api/map", new Throttle("maps", 30, 2, clock)),
            Map.entry("/api/map/labels", new Throttle("map labels", 30, 2, clock)),
            Map.entry("/api/map/atlas", new Throttle("atlases", 300, 20, clock)));
    }

    public CuratorAccounts accounts() {
        return accounts;
    }

    /** Runs before every matched route. */
    public void check(Context ctx) {
        Throttle limit = limits.get(ctx.endpointHandlerPath());
        if (limit != null) {
            Optional<Duration> wait = limit.take(client(ctx));
            if (wait.isPresent()) {
                throw new TooManyRequests("too many " + limit.name() + " requests from this client; try again shortly", wait.get());
            }
        }
        if (!ctx.routeRoles().contains(Role.CURATOR)) {
            return;
        }
        Sessions.Session session = session(ctx)
            .orElseThrow(() -> new Unauthorized("this needs a signed-in curator: sign in first (POST /api/session)"));
        if (!READS.contains(ctx.method()) && !session.acceptsToken(ctx.header(CSRF_HEADER))) {
            throw new Forbidden("a change needs the session's CSRF token in the " + CSRF_HEADER + " header");
        }
        ctx.attribute(CURATOR_ATTRIBUTE, session.curator());
    }

    /** The signed-in curator of a request that passed {@link #check} on a curator route. */
    public static String curator(Context ctx) {
        String curator = ctx.attribute(CURATOR_ATTRIBUTE);
        if (curator == null) {
            throw new IllegalStateException("no curator on a route without the curator role: " + ctx.path());
        }
        return curator;
    }

    public Optional<Sessions.Session> session(Context ctx) {
        return sessions.find(ctx.cookie(COOKIE));
    }

    /** Signs a curator in: a new session and its cookie; a wrong name or password counts against the client. */
    Sessions.Session signIn(Context ctx, String name, char[] password) {
        String client = client(ctx);
        Optional<Duration> wait = signIns.check(client);
        if (wait.isPresent()) {
            throw new TooManyRequests("too many failed sign-ins from this client; try again later", wait.get());
        }
        Optional<String> curator = name == null ? Optional.empty() : accounts.verify(name, password);
        if (curator.isEmpty()) {
            signIns.fail(client);
            throw new Unauthorized("unknown curator or wrong password");
        }
        Sessions.Session session = sessions.start(curator.get());
        Cookie cookie = new Cookie(COOKIE, session.id());
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        cookie.setPath("/");
        cookie.setSecure(secure(ctx));
        ctx.cookie(cookie);
        return session;
    }

    void signOut(Context ctx) {
        sessions.end(ctx.cookie(COOKIE));
        Cookie gone = new Cookie(COOKIE, "");
        gone.setMaxAge(0);
        gone.setHttpOnly(true);
        gone.setSameSite(SameSite.STRICT);
        gone.setPath("/");
        gone.setSecure(secure(ctx));
        ctx.cookie(gone);
    }

    /** Behind TLS (directly, or a proxy that says so) the cookie travels over TLS only. */
    private static boolean secure(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }

    private static String client(Context ctx) {
        return ctx.ip();
    }
}
