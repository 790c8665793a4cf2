package dev.lore.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** How a service's jar becomes a command line; tests substitute a stand-in service. */
@FunctionalInterface
interface ServiceCommand {

    List<String> command(Service service, Path jar);

    /**
     * Production: the launcher's own JDK runs the Quarkus fast-jar. Services that answer requests
     * run ZGC, which keeps pauses under a millisecond while the ingestion pipeline churns through
     * megabyte strings (with G1 those were humongous allocations and 30–70 ms pauses, the tail of
     * upload latency). A background service (the audit trail's storage, where no request waits)
     * runs G1, which needs less CPU (ZGC's director thread alone took 0.2 CPU-seconds a minute in
     * each idle service). ZGC runs without its proactive cycles: the retrieval service allocates
     * about 3 GB of short-lived model output per 5,000 documents, and every 10 % of the heap
     * allocated started a major collection of the whole heap (32 in one import, 2.2 CPU-seconds)
     * that young collections make unnecessary. The heap is committed and touched at start
     * ({@code -Xms} = {@code -Xmx}, {@code AlwaysPreTouch}): otherwise a fresh stack's first import
     * paid for the kernel zeroing each page of the growing heaps (perf: 2.6 CPU-seconds in the
     * ingestion service and the model's threads), and requests for page faults. The vector module
     * lets Lucene score vectors with SIMD.
     */
    static ServiceCommand quarkusJar() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return (service, jar) -> Stream.of(List.of(java, "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"),
                        service.background() ? List.of("-XX:+UseG1GC") : List.of("-XX:+UseZGC", "-XX:-ZProactive"),
                        List.of("--add-modules", "jdk.incubator.vector", "-jar", jar.toString()))
                .flatMap(List::stream).toList();
    }
}
