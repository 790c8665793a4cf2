package dev.lore.common.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.RegisteredClaims;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTCreationException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.JWTVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The short-lived signed token the gateway mints for each request and every service verifies: a
 * JWT (HS256) with the {@link Caller}. HMAC rather than a signature pair because a token is minted
 * per request and must cost microseconds, not the ~1 ms of an RSA signature; every holder of the
 * secret is a Lore service inside the trust boundary. java-jwt rather than jose4j: it encodes with
 * the JDK's Base64 and parses with Jackson, where jose4j allocated 8 KB per Base64 pass and 32 KB
 * per JSON parse (29 % of the gateway's event-loop samples during a bulk upload, JFR).
 */
public final class InternalTokens {
    public static final String ISSUER = "lore-gateway";
    public static final String AUDIENCE = "lore-services";
    /** Minimum secret size: HS256 wants at least 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;

    private final Algorithm algorithm;
    private final JWTVerifier verifier;

    public InternalTokens(String secret) {
        byte[] bytes = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("lore.internal-token.secret must be at least " + MIN_SECRET_BYTES
                    + " bytes");
        }
        this.algorithm = Algorithm.HMAC256(bytes);
        this.verifier = JWT.require(algorithm)
                .withIssuer(ISSUER)
                .withAudience(AUDIENCE)
                .withClaimPresence(RegisteredClaims.EXPIRES_AT)
                .withClaimPresence(RegisteredClaims.SUBJECT)
                .acceptLeeway(5)
                .build();
    }

    public String mint(Caller caller, Duration ttl) {
        Instant now = Instant.now();
        JWTCreator.Builder jwt = JWT.create()
                .withIssuer(ISSUER)
                .withAudience(AUDIENCE)
                .withSubject(caller.subject())
                .withIssuedAt(now)
                .withExpiresAt(now.plus(ttl))
                .withClaim("project", caller.project())
                .withClaim("projects", caller.projectIds())
                .withClaim("perms", List.copyOf(caller.permissions()));
        if (caller.keyId() != null) {
            jwt.withClaim("key_id", caller.keyId());
        }
        if (caller.requestId() != null) {
            jwt.withClaim("rid", caller.requestId());
        }
        try {
            return jwt.sign(algorithm);
        } catch (JWTCreationException e) {
            throw new IllegalStateException("cannot sign an internal token", e);
        }
    }

    public Caller verify(String token) throws InvalidTokenException {
        DecodedJWT jwt;
        try {
            jwt = verifier.verify(token);
        } catch (TokenExpiredException e) {
            throw new InvalidTokenException("the internal token has expired", e);
        } catch (JWTDecodeException e) {
            throw new InvalidTokenException("the internal token is malformed", e);
        } catch (JWTVerificationException e) {
            throw new InvalidTokenException("the internal token is not valid", e);
        }
        try {
            return new Caller(jwt.getSubject(), jwt.getClaim("key_id").asString(), jwt.getClaim("project").asString(),
                    strings(jwt, "projects", false), Set.copyOf(strings(jwt, "perms", true)),
                    jwt.getClaim("rid").asString(), jwt.getExpiresAtAsInstant());
        } catch (RuntimeException e) { // JWTDecodeException among them
            throw new InvalidTokenException("the internal token is malformed", e);
        }
    }

    /** A list-of-strings claim; absent is empty unless required, anything but a list is malformed. */
    private static List<String> strings(DecodedJWT jwt, String name, boolean required) {
        Claim claim = jwt.getClaim(name);
        if (claim.isMissing() && !required) {
            return List.of();
        }
        List<String> values = claim.asList(String.class);
        if (values == null) {
            throw new JWTDecodeException("claim " + name + " is not a list of strings");
        }
        return List.copyOf(values);
    }
}
