package dev.lore.common.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InternalTokensTest {
    private static final String SECRET = "this-deployment-secret-0123456789abcdef";
    private static final Algorithm SAME_SECRET = Algorithm.HMAC256(SECRET.getBytes(StandardCharsets.UTF_8));
    private final InternalTokens tokens = new InternalTokens(SECRET);

    private static Caller caller(String keyId, String requestId) {
        return new Caller("user-1", keyId, "p1", List.of("p1", "p2"), Set.of("documents:read", "rag:query"),
                requestId, null);
    }

    private void refused(String token, String reason) {
        assertEquals(reason, assertThrows(InvalidTokenException.class, () -> tokens.verify(token)).getMessage(), token);
    }

    @Test
    void aMintedTokenCarriesTheWholeCaller() throws Exception {
        Instant before = Instant.now();
        Caller back = tokens.verify(tokens.mint(caller("key-9", "req-7"), Duration.ofMinutes(2)));
        assertEquals("user-1", back.subject());
        assertEquals("key-9", back.keyId());
        assertEquals("p1", back.project());
        assertEquals(List.of("p1", "p2"), back.projectIds());
        assertEquals(Set.of("documents:read", "rag:query"), back.permissions());
        assertEquals("req-7", back.requestId());
        // A JWT's times are whole seconds.
        assertTrue(!back.expiresAt().isBefore(before.plusSeconds(119))
                && !back.expiresAt().isAfter(Instant.now().plusSeconds(120)), back.expiresAt().toString());
    }

    @Test
    void optionalClaimsStayAbsent() throws Exception {
        Caller back = tokens.verify(tokens.mint(caller(null, null), Duration.ofMinutes(1)));
        assertNull(back.keyId());
        assertNull(back.requestId());
    }

    @Test
    void anotherSecretsTokenIsNotValid() {
        refused(new InternalTokens("another-deployment-secret-0123456789abcdef").mint(caller(null, null),
                Duration.ofMinutes(1)), "the internal token is not valid");
    }

    @Test
    void anExpiredTokenSaysSo() {
        refused(tokens.mint(caller(null, null), Duration.ofMinutes(-1)), "the internal token has expired");
    }

    @Test
    void expiryToleratesFiveSecondsOfClockSkew() throws Exception {
        assertEquals("user-1", tokens.verify(tokens.mint(caller(null, null), Duration.ofSeconds(-3))).subject());
    }

    @Test
    void garbageIsMalformed() {
        for (String t : List.of("not-a-jwt", "a.b.c", "")) {
            refused(t, "the internal token is malformed");
        }
    }

    @Test
    void aSignedTokenWithoutWhatTheServicesRequireIsNotValid() {
        Instant exp = Instant.now().plusSeconds(60);
        refused(JWT.create().withIssuer(InternalTokens.ISSUER).withAudience(InternalTokens.AUDIENCE)
                .withExpiresAt(exp).sign(SAME_SECRET), "the internal token is not valid"); // no subject
        refused(JWT.create().withIssuer(InternalTokens.ISSUER).withAudience(InternalTokens.AUDIENCE)
                .withSubject("user-1").sign(SAME_SECRET), "the internal token is not valid"); // no expiry
        refused(JWT.create().withIssuer("someone-else").withAudience(InternalTokens.AUDIENCE)
                .withSubject("user-1").withExpiresAt(exp).sign(SAME_SECRET), "the internal token is not valid");
        refused(JWT.create().withIssuer(InternalTokens.ISSUER).withAudience("another-audience")
                .withSubject("user-1").withExpiresAt(exp).sign(SAME_SECRET), "the internal token is not valid");
        refused(JWT.create().withIssuer(InternalTokens.ISSUER).withAudience(InternalTokens.AUDIENCE)
                .withSubject("user-1").withExpiresAt(exp).sign(Algorithm.HMAC512(SECRET)),
                "the internal token is not valid"); // only HS256
    }

    @Test
    void permissionsOfTheWrongTypeOrNoneAtAllAreMalformed() {
        refused(signed().withClaim("perms", 42).sign(SAME_SECRET), "the internal token is malformed");
        refused(signed().withClaim("perms", List.of("a")).withClaim("projects", "p1").sign(SAME_SECRET),
                "the internal token is malformed");
        refused(signed().sign(SAME_SECRET), "the internal token is malformed");
    }

    /** Valid but for the caller's claims. */
    private static JWTCreator.Builder signed() {
        return JWT.create().withIssuer(InternalTokens.ISSUER).withAudience(InternalTokens.AUDIENCE)
                .withSubject("user-1").withExpiresAt(Instant.now().plusSeconds(60));
    }

    @Test
    void aShortSecretIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new InternalTokens("too-short"));
    }
}
