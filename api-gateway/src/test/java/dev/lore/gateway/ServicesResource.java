package dev.lore.gateway;

import dev.lore.testsupport.ServiceJar;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * The real ingestion and retrieval services, from their packaged jars, behind the gateway under
 * test. The memory service points at a port nobody listens on (an upstream that is down) and the
 * audit service is left unconfigured (not deployed), so both failure answers can be tested.
 */
public class ServicesResource implements QuarkusTestResourceLifecycleManager {
    static volatile String ingestionUrl;
    static volatile String retrievalUrl;

    @Override
    public Map<String, String> start() {
        ServiceJar ingestion = ServiceJar.start("ingestion-service", "lore_ingestion_gw", Map.of(
                "LORE_INGESTION_OUTBOX_POLL_INTERVAL", "50ms",
                "LORE_INGESTION_PIPELINE_POLL_INTERVAL", "100ms"));
        ServiceJar retrieval = ServiceJar.start("retrieval-service", "lore_retrieval_gw", Map.of(
                "QUARKUS_REST_CLIENT_INGESTION_URL", ingestion.url()));
        ingestionUrl = ingestion.url();
        retrievalUrl = retrieval.url();
        Map<String, String> config = new HashMap<>();
        config.put("lore.gateway.services.ingestion.url", ingestion.url());
        config.put("lore.gateway.services.retrieval.url", retrieval.url());
        config.put("lore.gateway.services.memory.url", "http://127.0.0.1:9");
        config.put("lore.gateway.oidc.enabled", "true");
        return config;
    }

    @Override
    public void stop() {
        // the service processes stop with the JVM
    }
}
