package dev.lore.gateway.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A tenant: every document, vector, memory and audit event belongs to exactly one project. */
@Entity
@Table(name = "projects")
public class Project {
    public static final String ACTIVE = "active";
    public static final String DELETED = "deleted";

    @Id
    public String id;
    public String name;
    public String description;
    public String status;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public boolean active() {
        return ACTIVE.equals(status);
    }
}
