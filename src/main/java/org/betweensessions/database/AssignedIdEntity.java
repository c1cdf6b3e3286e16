package org.betweensessions.database;

import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Transient;
import java.util.UUID;
import org.springframework.data.domain.Persistable;

/**
 * An entity whose id the application assigns (a random UUID at construction). Spring Data cannot
 * tell such an entity is new from its id, so without this {@code save} merges: a SELECT by id before
 * every INSERT. On the intake and crisis-alert paths that is one round trip per row for nothing.
 */
@MappedSuperclass
public abstract class AssignedIdEntity implements Persistable<UUID> {

    @Transient
    private boolean stored;

    @Override
    public boolean isNew() {
        return !stored;
    }

    @PostLoad
    @PostPersist
    void markStored() {
        stored = true;
    }
}
