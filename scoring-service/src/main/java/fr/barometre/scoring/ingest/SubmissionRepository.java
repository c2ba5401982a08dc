package fr.barometre.scoring.ingest;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class SubmissionRepository implements PanacheRepositoryBase<SubmissionRecord, SubmissionRecord.Key> {

    public boolean received(String campaign, String siren, int revision) {
        return count("campaignCode = ?1 and siren = ?2 and revision = ?3", campaign, siren, revision) > 0;
    }

    /** The greatest revision received of an authority's response; 0 when none. */
    public int newestRevision(String campaign, String siren) {
        Integer newest = getEntityManager()
                .createQuery("select max(s.revision) from SubmissionRecord s where s.campaignCode = ?1 and s.siren = ?2", Integer.class)
                .setParameter(1, campaign).setParameter(2, siren).getSingleResult();
        return newest == null ? 0 : newest;
    }

    /** The newest revision received of an authority's response. */
    public SubmissionRecord newest(String campaign, String siren) {
        return find("campaignCode = ?1 and siren = ?2 order by revision desc", campaign, siren).firstResult();
    }

    /** How many authorities a campaign has submissions of. */
    public long authorities(String campaign) {
        return getEntityManager()
                .createQuery("select count(distinct s.siren) from SubmissionRecord s where s.campaignCode = ?1", Long.class)
                .setParameter(1, campaign).getSingleResult();
    }

    /** The next authorities after {@code afterSiren}, in SIREN order, that had a submission at {@code receivedBy}. */
    public List<String> authoritiesAfter(String campaign, String afterSiren, Instant receivedBy, int limit) {
        return getEntityManager().createQuery("""
                        select s.siren from SubmissionRecord s
                        where s.campaignCode = ?1 and s.siren > ?2
                        group by s.siren having min(s.receivedAt) <= ?3
                        order by s.siren""", String.class)
                .setParameter(1, campaign).setParameter(2, afterSiren == null ? "" : afterSiren).setParameter(3, receivedBy)
                .setMaxResults(limit)
                .getResultList();
    }
}
