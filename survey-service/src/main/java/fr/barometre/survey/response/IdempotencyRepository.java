package fr.barometre.survey.response;

import io.agroal.api.AgroalDataSource;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Idempotency keys, each visible to the caller that chose it only (read with the response: {@link ResponseRepository#find}). */
@ApplicationScoped
public class IdempotencyRepository implements PanacheRepositoryBase<IdempotencyRecord, IdempotencyRecord.Id> {

    @Inject
    AgroalDataSource dataSource;

    /**
     * Records the outcome of a key in the current transaction; false when the caller's key is recorded
     * already (by a request that committed meanwhile, or waited for until it did).
     */
    boolean insert(IdempotencyRecord record) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement("""
                insert into idempotency_key (client_id, subject, key, campaign_code, siren, status_code, body, etag, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (client_id, subject, key) do nothing""")) {
            insert.setString(1, record.clientId);
            insert.setString(2, record.subject);
            insert.setString(3, record.key);
            insert.setString(4, record.campaignCode);
            insert.setString(5, record.siren);
            insert.setInt(6, record.statusCode);
            insert.setString(7, record.body);
            insert.setString(8, record.etag);
            insert.setObject(9, OffsetDateTime.ofInstant(record.createdAt, ZoneOffset.UTC));
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record an idempotency key", e);
        }
    }
}
