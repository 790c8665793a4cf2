package dev.lore.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a service under {@code @QuarkusTest} at the shared real PostgreSQL and Kafka. Init arg
 * {@code database} names the service's own database (one per service, as in production). Also
 * gives the service the test internal-token secret and installs {@link InternalTokenFilter}, so
 * REST Assured requests reach it signed as if they had come through the gateway (init arg
 * {@code internal-token-filter=false} removes the filter instead).
 */
public class LoreInfraResource implements QuarkusTestResourceLifecycleManager {
    private String database = "lore_test";
    private boolean signRequests = true;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
        // A test of the gateway itself, which must see requests exactly as sent, passes "false".
        signRequests = Boolean.parseBoolean(initArgs.getOrDefault("internal-token-filter", "true"));
    }

    @Override
    public Map<String, String> start() {
        if (signRequests) {
            InternalTokenFilter.install();
        } else {
            InternalTokenFilter.uninstall();
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", LoreInfra.jdbcUrl(database),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres",
                "kafka.bootstrap.servers", LoreInfra.bootstrapServers(),
                InternalTokenFilter.SECRET_PROPERTY, LoreInfra.INTERNAL_TOKEN_SECRET);
    }

    @Override
    public void stop() {
        // shared for the whole JVM; stopped by LoreInfra's shutdown hook
    }
}
