package dev.lore.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

@ConfigMapping(prefix = "lore.gateway")
public interface GatewayConfig {

    /** Upstream services by name ({@code ingestion}, {@code retrieval}, {@code memory}, {@code audit}): base URLs. */
    Map<String, Upstream> services();

    /** Lifetime of the internal token minted per request; long enough for a slow upload or SSE stream to start. */
    @WithDefault("60s")
    Duration internalTokenTtl();

    /** Requests per minute for keys created without {@code rate_limit_rpm}, and for Keycloak users. */
    @WithDefault("60")
    int defaultRateLimitRpm();

    /** The project a new deployment starts with; all-project keys act in it unless told otherwise. */
    @WithDefault("default")
    String defaultProject();

    Bootstrap bootstrap();

    Oidc oidc();

    interface Upstream {
        String url();
    }

    interface Bootstrap {
        /** Production: the admin key itself (sk-…, 32 characters), from a secret store. */
        Optional<String> adminKey();

        /** Local: where the generated admin key is written (mode 600) on first start. */
        Optional<String> adminKeyFile();
    }

    interface Oidc {
        /** Whether Keycloak bearer tokens are accepted (quarkus.oidc.* must then point at the realm). */
        @WithDefault("false")
        boolean enabled();

        /** Access-token claim listing the caller's project ids (Keycloak group names in the shipped realm). */
        @WithDefault("lore_projects")
        String projectsClaim();
    }
}
