package dev.lore.common.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * The short-lived signed token the gateway mints for each request and every service verifies: a
 * JWT (HS256) with the {@link Caller}. HMAC rather than a signature pair because a token is minted
 * per request and must cost microseconds, not the ~1 ms of an RSA signature; every holder of the
 * secret is a Lore service inside the trust boundary.
 */
public final class InternalTokens {
    public static final String ISSUER = "lore-gateway";
    public static final String AUDIENCE = "lore-services";
    /** Minimum secret size: HS256 wants at least 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;

    private final HmacKey key;
    private final JwtConsumer consumer;

    public InternalTokens(String secret) {
        byte[] bytes = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("lore.internal-token.secret must be at least " + MIN_SECRET_BYTES
                    + " bytes");
        }
        this.key = new HmacKey(bytes);
        this.consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds(5)
                .setRequireSubject()
                .setExpectedIssuer(ISSUER)
                .setExpectedAudience(AUDIENCE)
                .setVerificationKey(key)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.HMAC_SHA256)
                .build();
    }

    public String mint(Caller caller, Duration ttl) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience(AUDIENCE);
        claims.setSubject(caller.subject());
        NumericDate now = NumericDate.now();
        claims.setIssuedAt(now);
        claims.setExpirationTime(NumericDate.fromMilliseconds(System.currentTimeMillis() + ttl.toMillis()));
        if (caller.keyId() != null) {
            claims.setClaim("key_id", caller.keyId());
        }
        claims.setClaim("project", caller.project());
        claims.setStringListClaim("projects", caller.projectIds());
        claims.setStringListClaim("perms", List.copyOf(caller.permissions()));
        if (caller.requestId() != null) {
            claims.setClaim("rid", caller.requestId());
        }
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKey(key);
        jws.setDoKeyValidation(false);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign an internal token", e);
        }
    }

    public Caller verify(String token) throws InvalidTokenException {
        try {
            JwtClaims claims = consumer.processToClaims(token);
            List<String> projects = claims.getStringListClaimValue("projects");
            String project = claims.getStringClaimValue("project");
            Set<String> perms = new TreeSet<>(claims.getStringListClaimValue("perms"));
            return new Caller(claims.getSubject(), claims.getStringClaimValue("key_id"), project,
                    projects == null ? List.of() : List.copyOf(projects), Set.copyOf(perms),
                    claims.getStringClaimValue("rid"), Instant.ofEpochMilli(claims.getExpirationTime().getValueInMillis()));
        } catch (InvalidJwtException e) {
            String reason = e.hasExpired() ? "the internal token has expired" : "the internal token is not valid";
            throw new InvalidTokenException(reason, e);
        } catch (MalformedClaimException | RuntimeException e) {
            throw new InvalidTokenException("the internal token is malformed", e);
        }
    }
}
