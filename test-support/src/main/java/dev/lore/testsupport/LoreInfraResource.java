package dev.lore.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a service under {@code @QuarkusTest} at the shared real PostgreSQL and Kafka. Init arg
 * {@code database} names the service's own database (one per service, as in production).
 */
public class LoreInfraResource implements QuarkusTestResourceLifecycleManager {
    private String database = "lore_test";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.datasource.jdbc.url", LoreInfra.jdbcUrl(database),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres",
                "kafka.bootstrap.servers", LoreInfra.bootstrapServers());
    }

    @Override
    public void stop() {
        // shared for the whole JVM; stopped by LoreInfra's shutdown hook
    }
}
