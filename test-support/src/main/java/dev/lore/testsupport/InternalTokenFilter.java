package dev.lore.testsupport;

import dev.lore.common.auth.Caller;
import dev.lore.common.auth.InternalTokens;
import dev.lore.common.auth.Permissions;
import io.restassured.RestAssured;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Stands in for the gateway in tests: a REST Assured request without an {@code Authorization}
 * header gets an internal token with every permission for the project in its {@code X-Project-Id}
 * header ({@value #DEFAULT_PROJECT} without one), signed with {@link LoreInfra#INTERNAL_TOKEN_SECRET}.
 * A request carrying {@value #NO_TOKEN}{@code : 1} goes out without any token (the marker is removed),
 * to test what the services do with unauthenticated calls.
 */
public final class InternalTokenFilter implements io.restassured.filter.Filter {
    public static final String SECRET_PROPERTY = "lore.internal-token.secret";
    public static final String NO_TOKEN = "X-Test-No-Token";
    public static final String PROJECT_HEADER = "X-Project-Id";
    public static final String DEFAULT_PROJECT = "default";
    public static final String SUBJECT = "test-user";
    private static final Duration TTL = Duration.ofMinutes(10);

    private static volatile InternalTokens tokens;

    /** Adds the filter to REST Assured's global filters unless it is there already. */
    public static synchronized void install() {
        boolean present = RestAssured.filters().stream()
                .anyMatch(f -> f.getClass().getName().equals(InternalTokenFilter.class.getName()));
        if (!present) {
            RestAssured.filters(new InternalTokenFilter());
        }
    }

    /** Removes the filter from REST Assured's global filters, if there. */
    public static synchronized void uninstall() {
        List<io.restassured.filter.Filter> others = RestAssured.filters().stream()
                .filter(f -> !f.getClass().getName().equals(InternalTokenFilter.class.getName())).toList();
        if (others.size() != RestAssured.filters().size()) {
            RestAssured.replaceFiltersWith(others);
        }
    }

    /** The signer every service under test accepts. */
    public static InternalTokens tokens() {
        InternalTokens t = tokens;
        if (t == null) {
            t = new InternalTokens(LoreInfra.INTERNAL_TOKEN_SECRET);
            tokens = t;
        }
        return t;
    }

    /** A token with every permission in {@code project}, as the gateway would mint for an admin. */
    public static String token(String project) {
        return tokens().mint(new Caller(SUBJECT, null, project, List.of(project), Set.copyOf(Permissions.ALL), null,
                null), TTL);
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                           FilterContext ctx) {
        if (request.getHeaders().hasHeaderWithName(NO_TOKEN)) {
            request.removeHeader(NO_TOKEN);
        } else if (!request.getHeaders().hasHeaderWithName("Authorization")) {
            String project = request.getHeaders().getValue(PROJECT_HEADER);
            request.header("Authorization", "Bearer "
                    + token(project == null || project.isBlank() ? DEFAULT_PROJECT : project.trim()));
        }
        return ctx.next(request, response);
    }
}
