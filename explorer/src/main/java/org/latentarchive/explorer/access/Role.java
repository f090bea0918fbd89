package org.latentarchive.explorer.access;

import io.javalin.security.RouteRole;

/**
 * Who may call a route. A route declared without a role is public (search, artworks, neighbours, walks, maps,
 * images); {@link #CURATOR} routes need a signed-in curator, and when they change state, the session's CSRF token.
 */
public enum Role implements RouteRole {
    CURATOR
}
