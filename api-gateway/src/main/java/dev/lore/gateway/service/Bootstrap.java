package dev.lore.gateway.service;

import dev.lore.common.auth.Permissions;
import dev.lore.gateway.config.GatewayConfig;
import dev.lore.gateway.identity.ApiKeys;
import dev.lore.gateway.model.ApiKey;
import dev.lore.gateway.model.Project;
import dev.lore.gateway.repository.ApiKeyRepository;
import dev.lore.gateway.repository.ProjectRepository;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * First start: the default project and an all-projects admin key with every permission. The key
 * comes from configuration in production ({@code lore.gateway.bootstrap.admin-key}); locally it is
 * generated and written once to {@code admin-key-file} (mode 600), which {@code ./lore up} prints.
 * Replicas starting together serialize on an advisory lock, so exactly one creates them.
 */
@ApplicationScoped
public class Bootstrap {
    private static final Logger LOG = Logger.getLogger(Bootstrap.class);
    private static final long LOCK = 0x6c6f7265_626f6f74L; // "lore" "boot"

    @Inject
    GatewayConfig config;
    @Inject
    ProjectRepository projects;
    @Inject
    ApiKeyRepository keys;
    @Inject
    EntityManager em;

    @Transactional
    void onStart(@Observes StartupEvent event) throws IOException {
        em.createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, LOCK).getSingleResult();
        if (projects.findById(config.defaultProject()) == null) {
            Project p = new Project();
            p.id = config.defaultProject();
            p.name = "Default project";
            p.status = Project.ACTIVE;
            p.createdAt = Instant.now();
            p.updatedAt = p.createdAt;
            projects.persist(p);
        }
        Optional<String> configured = config.bootstrap().adminKey();
        if (configured.isPresent()) {
            if (!ApiKeys.wellFormed(configured.get())) {
                throw new IllegalStateException("lore.gateway.bootstrap.admin-key must be sk- followed by 29 letters or digits");
            }
            if (keys.bySecretHash(ApiKeys.hash(configured.get())).isEmpty()) {
                createAdminKey(configured.get());
                LOG.info("Admin key from configuration registered");
            }
        } else if (keys.count() == 0) {
            String secret = ApiKeys.generate();
            createAdminKey(secret);
            Optional<String> file = config.bootstrap().adminKeyFile();
            if (file.isPresent()) {
                write(Path.of(file.get()), secret);
                LOG.infof("Admin key created and written to %s", file.get());
            } else {
                LOG.warn("Admin key created but neither lore.gateway.bootstrap.admin-key nor admin-key-file is set: "
                        + "it is lost; configure one and recreate the database");
            }
        }
    }

    private void createAdminKey(String secret) {
        ApiKey key = new ApiKey();
        key.id = "key_admin_" + Long.toHexString(System.currentTimeMillis());
        key.name = "bootstrap admin";
        key.owner = "admin";
        key.secretHash = ApiKeys.hash(secret);
        key.displayPrefix = ApiKeys.displayPrefix(secret);
        key.allProjects = true;
        key.projectIds = new String[0];
        key.permissions = Permissions.ALL.toArray(String[]::new);
        key.rateLimitRpm = 6_000;
        key.status = ApiKey.ACTIVE;
        key.createdAt = Instant.now();
        key.updatedAt = key.createdAt;
        keys.persist(key);
    }

    private static void write(Path file, String secret) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, secret + "\n", StandardOpenOption.TRUNCATE_EXISTING);
    }
}
