package dev.lore.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.gateway.identity.Principal;
import dev.lore.gateway.service.ProjectDirectory;
import dev.lore.gateway.service.ProjectService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The project set cached for requests and a project created meanwhile: a re-read of the set
 * while the creating transaction is still open (the timer's, or another request's) must not
 * outlive the commit, or a key for the new project is refused as "does not exist" (a flake of
 * {@code AuditEmissionTest} in CI).
 */
@QuarkusTest
class ProjectDirectoryRaceTest extends GatewayTest {
    private static final Principal ADMIN_PRINCIPAL = new Principal(Principal.Kind.API_KEY, "admin", "key_test", true,
            List.of(), Set.of(), 6000, Instant.MAX);

    @Inject
    ProjectService projects;
    @Inject
    ProjectDirectory directory;

    @Test
    void aReadDuringTheCreatingTransactionDoesNotHideTheNewProject() {
        String id = unique("race");
        QuarkusTransaction.requiringNew().run(() -> {
            projects.create(ADMIN_PRINCIPAL, id, null, null);
            // Another thread reads the committed set, which does not hold the project yet.
            assertFalse(CompletableFuture.supplyAsync(directory::activeIds).join().contains(id));
        });
        assertTrue(directory.isActive(id), "the new project is active once its transaction committed");
    }
}
