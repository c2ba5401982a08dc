package fr.barometre.survey.response;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import fr.barometre.survey.audit.WritesAtCommit;
import fr.barometre.survey.campaign.Campaign;
import fr.barometre.survey.campaign.CampaignRepository;
import fr.barometre.survey.registry.Collectivity;
import fr.barometre.survey.registry.CollectivityRepository;
import io.agroal.api.AgroalDataSource;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The responses: one at a time (a request about one response) and many at once (a batch) in SQL; lists as entities. */
@ApplicationScoped
public class ResponseRepository implements PanacheRepository<SurveyResponse> {

    private static final String COUNTS = """
            select c.stratum,
                   count(*),
                   count(r.id) filter (where r.status = 'DRAFT'),
                   count(r.id) filter (where r.status = 'SUBMITTED')
            from collectivity c
            left join response r on r.siren = c.siren and r.campaign_code = :code
            where :everyone or c.siren = any(cast(:sirens as text[])) or c.networks && cast(:networks as text[])
            group by c.stratum
            """;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    WritesAtCommit writes;

    /** A response as a batch finds it, locked until the end of the transaction. */
    record Locked(long id, ResponseStatus status, int revision) {
    }

    /** A complete response to write as submitted: its authority and its answers (a JSON array). */
    record Complete(String siren, String answers) {
    }

    /**
     * The existing responses of these authorities to the campaign, by SIREN, locked for the calling
     * transaction in SIREN order (so that two batches never wait for each other in a cycle); a single
     * request changing one of them meanwhile waits, or fails its version check, as against any writer.
     */
    Map<String, Locked> lockAll(String campaign, List<String> sirens) {
        Map<String, Locked> found = new HashMap<>();
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    select siren, id, status, revision from response
                    where campaign_code = ? and siren = any(cast(? as text[]))
                    order by siren
                    for update""")) {
                select.setString(1, campaign);
                select.setArray(2, connection.createArrayOf("text", sirens.toArray()));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        found.put(rs.getString(1), new Locked(rs.getLong(2), ResponseStatus.valueOf(rs.getString(3)), rs.getInt(4)));
                    }
                }
            }
        });
        return found;
    }

    /**
     * Inserts new responses as submitted revision 1 in one statement; returns the SIRENs inserted. A
     * response another request created meanwhile is left as it is (not in the result).
     */
    Set<String> insertSubmitted(String campaign, List<Complete> responses, Instant now) {
        Set<String> inserted = new HashSet<>();
        if (responses.isEmpty()) {
            return inserted;
        }
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into response (campaign_code, siren, status, revision, answers, version, submitted_at, created_at, updated_at)
                    select ?, u.siren, 'SUBMITTED', 1, u.answers, 1, ?, ?, ?
                    from jsonb_to_recordset(cast(? as text)::jsonb) as u(siren text, answers jsonb)
                    order by u.siren
                    on conflict (campaign_code, siren) do nothing
                    returning siren""")) {
                insert.setString(1, campaign);
                insert.setObject(2, at);
                insert.setObject(3, at);
                insert.setObject(4, at);
                insert.setString(5, rows(responses.size(), i -> new String[]{"siren", quoted(responses.get(i).siren()),
                        "answers", responses.get(i).answers()}));
                try (ResultSet rs = insert.executeQuery()) {
                    while (rs.next()) {
                        inserted.add(rs.getString(1));
                    }
                }
            }
        });
        return inserted;
    }

    /** Submits locked drafts with their new answers in one statement (each one's version goes up by one). */
    void submitDrafts(Map<Long, String> answersById, Instant now) {
        if (answersById.isEmpty()) {
            return;
        }
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    update response r
                    set answers = u.answers, status = 'SUBMITTED', submitted_at = ?, updated_at = ?,
                        version = r.version + 1
                    from jsonb_to_recordset(cast(? as text)::jsonb) as u(id bigint, answers jsonb)
                    where r.id = u.id and r.status = 'DRAFT'""")) {
                update.setObject(1, at);
                update.setObject(2, at);
                List<Map.Entry<Long, String>> drafts = List.copyOf(answersById.entrySet());
                update.setString(3, rows(drafts.size(), i -> new String[]{"id", drafts.get(i).getKey().toString(),
                        "answers", drafts.get(i).getValue()}));
                int updated = update.executeUpdate();
                if (updated != answersById.size()) {
                    throw new IllegalStateException("Submitted " + updated + " of " + answersById.size() + " locked drafts");
                }
            }
        });
    }

    /**
     * Rows for {@code jsonb_to_recordset}: one JSON array of {@code count} objects, the i-th of the names
     * and JSON values {@code row.apply(i)} gives in turn (the answers, JSON already, are copied as they are):
     * PostgreSQL parses the whole once, rather than an array literal of escaped texts and then each text.
     */
    private static String rows(int count, java.util.function.IntFunction<String[]> row) {
        StringBuilder json = new StringBuilder(count * 64).append('[');
        for (int i = 0; i < count; i++) {
            String[] fields = row.apply(i);
            json.append(i == 0 ? "{" : ",{");
            for (int f = 0; f < fields.length; f += 2) {
                json.append(f == 0 ? "\"" : ",\"").append(fields[f]).append("\":").append(fields[f + 1]);
            }
            json.append('}');
        }
        return json.append(']').toString();
    }

    /** A text as a JSON string. */
    private static String quoted(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }

    /**
     * What a request about one response reads: the authority, the campaign (without its questionnaire
     * document), the response and the record of the caller's idempotency key, each null when there is
     * none. None of them is managed by a persistence context: the changes are written by the methods below.
     */
    record Found(Collectivity authority, Campaign campaign, SurveyResponse response, IdempotencyRecord replay) {
    }

    private static final String FIND = "select " + CollectivityRepository.COLUMNS + ", " + CampaignRepository.COLUMNS + """
            , r.id, r.status, r.revision, cast(r.answers as text), r.version, r.submitted_at, r.created_at, r.updated_at,
              k.campaign_code, k.siren, k.status_code, k.body, k.etag, k.created_at
            from (select 1) one
            left join collectivity a on a.siren = ?
            left join campaign c on c.code = ?
            left join response r on r.campaign_code = c.code and r.siren = a.siren
            left join idempotency_key k on k.client_id = ? and k.subject = ? and k.key = ?""";

    /**
     * Reads in one statement the authority, the campaign, the authority's response to it and, when
     * {@code key} is not null, the record of that idempotency key.
     */
    Found find(String campaign, String siren, IdempotencyRecord.Id key) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(FIND)) {
            select.setString(1, siren);
            select.setString(2, campaign);
            select.setString(3, key == null ? null : key.clientId);
            select.setString(4, key == null ? null : key.subject);
            select.setString(5, key == null ? null : key.key);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                int column = 1;
                Collectivity authority = CollectivityRepository.read(rs, column);
                column += CollectivityRepository.COLUMN_COUNT;
                Campaign found = CampaignRepository.read(rs, column);
                column += CampaignRepository.COLUMN_COUNT;
                SurveyResponse response = null;
                long id = rs.getLong(column);
                if (!rs.wasNull()) {
                    response = new SurveyResponse();
                    response.id = id;
                    response.campaignCode = campaign;
                    response.siren = siren;
                    response.status = ResponseStatus.valueOf(rs.getString(column + 1));
                    response.revision = rs.getInt(column + 2);
                    response.answers = rs.getString(column + 3);
                    response.version = rs.getInt(column + 4);
                    response.submittedAt = CollectivityRepository.instant(rs, column + 5);
                    response.createdAt = CollectivityRepository.instant(rs, column + 6);
                    response.updatedAt = CollectivityRepository.instant(rs, column + 7);
                }
                column += 8;
                IdempotencyRecord replay = null;
                if (key != null && rs.getString(column) != null) {
                    replay = new IdempotencyRecord();
                    replay.clientId = key.clientId;
                    replay.subject = key.subject;
                    replay.key = key.key;
                    replay.campaignCode = rs.getString(column);
                    replay.siren = rs.getString(column + 1);
                    replay.statusCode = rs.getInt(column + 2);
                    replay.body = rs.getString(column + 3);
                    replay.etag = rs.getString(column + 4);
                    replay.createdAt = CollectivityRepository.instant(rs, column + 5);
                }
                return new Found(authority, found, response, replay);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the response of " + siren + " to campaign " + campaign, e);
        }
    }

    /**
     * Inserts a new response (its id and version then set); false when another request created it
     * meanwhile (the unique (campaign, authority) key), and nothing is written.
     */
    boolean insert(SurveyResponse r) {
        return returningOne("""
                insert into response (campaign_code, siren, status, revision, answers, version, submitted_at, created_at, updated_at)
                values (?, ?, ?, ?, cast(? as jsonb), 0, ?, ?, ?)
                on conflict (campaign_code, siren) do nothing
                returning id""", r.campaignCode, r.siren, r.status.name(), r.revision, r.answers, at(r.submittedAt), at(r.createdAt),
                at(r.updatedAt)).map(id -> {
                    r.id = id;
                    r.version = 0;
                    return true;
                }).orElse(false);
    }

    /** Writes a draft's new answers and its time of change; false when another request changed it meanwhile. */
    boolean saveAnswers(SurveyResponse r) {
        return change(r, "answers = cast(? as jsonb), updated_at = ?", r.answers, at(r.updatedAt));
    }

    /** Writes a response's submission (status, times); false when another request changed it meanwhile. */
    boolean saveSubmission(SurveyResponse r) {
        return change(r, "status = ?, submitted_at = ?, updated_at = ?", r.status.name(), at(r.submittedAt), at(r.updatedAt));
    }

    /**
     * Writes the columns of {@code set} of a response read in version {@code r.version}, whose version
     * then goes up by one; false when another request changed it meanwhile (nothing is written).
     */
    private boolean change(SurveyResponse r, String set, Object... values) {
        Object[] parameters = java.util.Arrays.copyOf(values, values.length + 2);
        parameters[values.length] = r.id;
        parameters[values.length + 1] = r.version;
        return returningOne("update response set " + set + ", version = version + 1 where id = ? and version = ? returning version",
                parameters).map(version -> {
                    r.version = version.intValue();
                    return true;
                }).orElse(false);
    }

    /**
     * Runs a statement returning at most one number, in the current transaction, with the journal's entries and
     * the events recorded until now sent ahead of it in its round trip ({@link WritesAtCommit#query}).
     */
    private Optional<Long> returningOne(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection()) {
            return writes.query(connection, sql, java.util.Arrays.asList(parameters),
                    rs -> rs.next() ? Optional.of(rs.getLong(1)) : Optional.<Long>empty());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write a response", e);
        }
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    public Optional<SurveyResponse> findOne(String campaign, String siren) {
        return find("campaignCode = ?1 and siren = ?2", campaign, siren).firstResultOptional();
    }

    /**
     * Per size stratum of the campaign's audience: the authorities invited, their drafts, their
     * submitted responses (rows of stratum, audience, drafts, submitted).
     */
    @SuppressWarnings("unchecked")
    List<Object[]> countsByStratum(Campaign campaign) {
        return getEntityManager().createNativeQuery(COUNTS)
                .setParameter("code", campaign.code)
                .setParameter("everyone", campaign.invitesEveryone())
                .setParameter("sirens", "{" + String.join(",", campaign.audienceSirens) + "}")
                .setParameter("networks", "{" + String.join(",", campaign.audienceNetworks) + "}")
                .getResultList();
    }
}
