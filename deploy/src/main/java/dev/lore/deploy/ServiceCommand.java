package dev.lore.deploy;

import java.nio.file.Path;
import java.util.List;

/** How a service's jar becomes a command line; tests substitute a stand-in service. */
@FunctionalInterface
interface ServiceCommand {

    List<String> command(Path jar);

    /**
     * Production: the launcher's own JDK runs the Quarkus fast-jar. ZGC keeps request pauses
     * under a millisecond while the ingestion pipeline churns through megabyte strings (with G1
     * those were humongous allocations and 30–70 ms pauses, the tail of upload latency). The
     * vector module lets Lucene score vectors with SIMD.
     */
    static ServiceCommand quarkusJar() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return jar -> List.of(java, "-Xmx1g", "-XX:+UseZGC", "--add-modules", "jdk.incubator.vector",
                "-jar", jar.toString());
    }
}
