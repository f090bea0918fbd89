package org.latentarchive.explorer.access;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in curators, held in the explorer's memory: a session is a random id (the cookie's value) with the
 * curator's name and a CSRF token, ending after a day, or after eight hours without a request. A restart signs
 * everybody out, which is what a museum's small curator team can live with.
 */
public final class Sessions {

    static final Duration IDLE = Duration.ofHours(8);
    static final Duration LONGEST = Duration.ofHours(24);
    private static final int MAX_SESSIONS = 10_000;

    public record Session(String id, String curator, String csrfToken, Instant started, Instant lastSeen) {

        /** Whether a request's token is this session's, compared in constant time. */
        public boolean acceptsToken(String token) {
            return token != null && MessageDigest.isEqual(csrfToken.getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII));
        }
    }

    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    public Sessions(Clock clock) {
        this.clock = clock;
    }

    public Session start(String curator) {
        Instant now = clock.instant();
        if (byId.size() >= MAX_SESSIONS) {
            byId.values().removeIf(s -> expired(s, now));
        }
        Session session = new Session(token(), curator, token(), now, now);
        byId.put(session.id(), session);
        return session;
    }

    /** The live session of a cookie's value; each use counts as activity. */
    public Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session session = byId.get(id);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(session, now)) {
            byId.remove(id);
            return Optional.empty();
        }
        Session seen = new Session(session.id(), session.curator(), session.csrfToken(), session.started(), now);
        byId.put(id, seen);
        return Optional.of(seen);
    }

    public void end(String id) {
        if (id != null) {
            byId.remove(id);
        }
    }

    private static boolean expired(Session s, Instant now) {
        return s.lastSeen().plus(IDLE).isBefore(now) || s.started().plus(LONGEST).isBefore(now);
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
