package fr.barometre.survey.response;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** Idempotency keys, each visible to the caller that chose it only. */
@ApplicationScoped
public class IdempotencyRepository implements PanacheRepositoryBase<IdempotencyRecord, IdempotencyRecord.Id> {

    /** The record of this caller's key, if the caller used it before. */
    public Optional<IdempotencyRecord> findOf(String clientId, String subject, String key) {
        return findByIdOptional(new IdempotencyRecord.Id(clientId, subject, key));
    }
}
