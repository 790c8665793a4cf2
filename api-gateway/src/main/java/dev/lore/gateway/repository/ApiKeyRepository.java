package dev.lore.gateway.repository;

import dev.lore.gateway.model.ApiKey;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, String> {

    public Optional<ApiKey> bySecretHash(byte[] hash) {
        return find("secretHash", hash).firstResultOptional();
    }
}
