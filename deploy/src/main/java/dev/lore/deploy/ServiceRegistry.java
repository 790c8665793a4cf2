package dev.lore.deploy;

import java.util.List;

/** The one list of services the launcher knows; ./lore asks for it too ({@code Launcher modules}). */
final class ServiceRegistry {

    /*
     * Adding a service is one line here. Planned:
     *   new Service("memory-service", "memory", 3, "lore_memory"),
     * A service is started only when <module>/target/quarkus-app/quarkus-run.jar exists.
     */
    static final List<Service> SERVICES = List.of(
            new Service("api-gateway", "gateway", 0, "lore_gateway"),
            new Service("ingestion-service", "ingestion", 1, "lore_ingestion"),
            new Service("retrieval-service", "retrieval", 2, "lore_retrieval"),
            new Service("audit-service", "audit", 4, "lore_audit", true));

    static final String GATEWAY = "api-gateway";

    /** Offsets up to this are reserved so --port validation stays stable as services are added. */
    private static final int RESERVED_OFFSETS = 4;

    private ServiceRegistry() {
    }

    /** The URL a service reaches another at, for a stack whose public port is {@code publicPort}. */
    static String url(String module, int publicPort) {
        return SERVICES.stream().filter(s -> s.module().equals(module)).findFirst()
                .map(s -> "http://127.0.0.1:" + s.port(publicPort))
                .orElseThrow(() -> new IllegalArgumentException("No service " + module));
    }

    static int maxPortOffset() {
        return Math.max(RESERVED_OFFSETS, SERVICES.stream().mapToInt(Service::portOffset).max().orElse(0));
    }
}
