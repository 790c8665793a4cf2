package dev.lore.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceRegistryTest {

    private static final List<Service> SERVICES = ServiceRegistry.SERVICES;

    @Test
    void ingestionIsPublicPortPlusOneWithItsOwnDatabase() {
        Service ingestion = SERVICES.stream().filter(s -> s.module().equals("ingestion-service")).findFirst().orElseThrow();
        assertEquals("ingestion", ingestion.name());
        assertEquals(8081, ingestion.port(8080));
        assertEquals(9001, ingestion.port(9000));
        assertEquals("lore_ingestion", ingestion.database());
        assertEquals(Path.of("/repo/ingestion-service/target/quarkus-app/quarkus-run.jar"), ingestion.jar(Path.of("/repo")));
        assertEquals("http://127.0.0.1:9001", ServiceRegistry.url("ingestion-service", 9000));
    }

    @Test
    void modulesNamesPortsAndDatabasesAreUnique() {
        assertEquals(SERVICES.size(), SERVICES.stream().map(Service::module).distinct().count());
        assertEquals(SERVICES.size(), SERVICES.stream().map(Service::name).distinct().count());
        assertEquals(SERVICES.size(), SERVICES.stream().map(Service::portOffset).distinct().count());
        List<String> databases = SERVICES.stream().map(Service::database).filter(Objects::nonNull).toList();
        assertEquals(databases.size(), databases.stream().distinct().count());
        assertTrue(databases.stream().allMatch(db -> db.matches("lore_[a-z]+")));
    }

    @Test
    void portValidationLeavesRoomForEveryOffset() {
        assertTrue(ServiceRegistry.maxPortOffset() >= 4);
        SERVICES.forEach(s -> assertTrue(s.portOffset() <= ServiceRegistry.maxPortOffset()));
    }

    @Test
    void requestServicesRunZgcAndTheBackgroundAuditTrailG1() {
        for (Service s : SERVICES) {
            List<String> command = ServiceCommand.quarkusJar().command(s, s.jar(Path.of("/repo")));
            String gc = s.module().equals("audit-service") ? "-XX:+UseG1GC" : "-XX:+UseZGC";
            assertTrue(command.contains(gc), s.module() + ": " + command);
            assertEquals(gc.equals("-XX:+UseZGC"), command.contains("-XX:-ZProactive"), s.module() + ": " + command);
            assertEquals(1, command.stream().filter(a -> a.matches("-XX:\\+Use\\w+GC")).count(), command.toString());
        }
    }

    @Test
    void everyServiceCommitsAndTouchesItsWholeHeapAtStart() {
        for (Service s : SERVICES) {
            List<String> command = ServiceCommand.quarkusJar().command(s, s.jar(Path.of("/repo")));
            assertTrue(command.containsAll(List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch")), command.toString());
            assertTrue(command.indexOf("-XX:+AlwaysPreTouch") < command.indexOf("-jar"), command.toString());
        }
    }
}
