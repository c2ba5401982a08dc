package fr.barometre.survey.response;

import fr.barometre.survey.campaign.Campaign;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The responses: one at a time as entities; many submitted at once (a batch) and the participation counts in SQL. */
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
                    select ?, u.siren, 'SUBMITTED', 1, cast(u.answers as jsonb), 1, ?, ?, ?
                    from unnest(cast(? as text[]), cast(? as text[])) as u(siren, answers)
                    order by u.siren
                    on conflict (campaign_code, siren) do nothing
                    returning siren""")) {
                insert.setString(1, campaign);
                insert.setObject(2, at);
                insert.setObject(3, at);
                insert.setObject(4, at);
                insert.setArray(5, connection.createArrayOf("text", responses.stream().map(Complete::siren).toArray()));
                insert.setArray(6, connection.createArrayOf("text", responses.stream().map(Complete::answers).toArray()));
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
                    set answers = cast(u.answers as jsonb), status = 'SUBMITTED', submitted_at = ?, updated_at = ?,
                        version = r.version + 1
                    from unnest(cast(? as bigint[]), cast(? as text[])) as u(id, answers)
                    where r.id = u.id and r.status = 'DRAFT'""")) {
                update.setObject(1, at);
                update.setObject(2, at);
                update.setArray(3, connection.createArrayOf("bigint", answersById.keySet().toArray()));
                update.setArray(4, connection.createArrayOf("text", answersById.values().toArray()));
                int updated = update.executeUpdate();
                if (updated != answersById.size()) {
                    throw new IllegalStateException("Submitted " + updated + " of " + answersById.size() + " locked drafts");
                }
            }
        });
    }

    /**
     * The response of the authority to the campaign, read in one statement with the authority and the
     * campaign, which the persistence context then holds: finding them by id costs no other statement.
     * Empty when there is no response, or no such authority or campaign (which the caller then finds missing).
     */
    Optional<SurveyResponse> findWithAuthorityAndCampaign(String campaign, String siren) {
        List<?> rows = getEntityManager().createQuery("""
                        select a, c, r from Collectivity a
                        join Campaign c on c.code = :campaign
                        left join SurveyResponse r on r.campaignCode = c.code and r.siren = a.siren
                        where a.siren = :siren""")
                .setParameter("campaign", campaign)
                .setParameter("siren", siren)
                .getResultList();
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable((SurveyResponse) ((Object[]) rows.get(0))[2]);
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
