package dev.lore.common.auth;

import dev.lore.common.error.LoreException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import java.lang.reflect.Method;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every service endpoint trusts only an internal token minted by the gateway: no token, a bad
 * signature, an expired token or a token without a project is a 401; a missing
 * {@link RequiresPermission} is a 403. Errors render in the path's own envelope.
 */
public class InternalAuthFilter {

    @Inject
    InternalTokens tokens;
    @Inject
    CallerContext context;

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public void authenticate(ContainerRequestContext request, ResourceInfo resource) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new LoreException(401, "missing_internal_token",
                    "Services accept only calls from the Lore gateway: no internal token");
        }
        Caller caller;
        try {
            caller = tokens.verify(header.substring(7).trim());
        } catch (InvalidTokenException e) {
            throw new LoreException(401, "invalid_internal_token", e.getMessage() + "; call through the Lore gateway");
        }
        if (caller.project() == null || !caller.canUse(caller.project())) {
            throw new LoreException(401, "invalid_internal_token", "the internal token names no usable project");
        }
        context.set(caller);
        String needed = required(resource);
        if (needed != null && !caller.can(needed)) {
            throw new LoreException(403, "permission_denied", "This request needs the '" + needed + "' permission");
        }
    }

    private static String required(ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return null;
        }
        RequiresPermission on = method.getAnnotation(RequiresPermission.class);
        if (on == null) {
            on = resource.getResourceClass().getAnnotation(RequiresPermission.class);
        }
        return on == null ? null : on.value();
    }
}
