package fr.barometre.scoring.rescoring;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class RescoringJobRepository implements PanacheRepositoryBase<RescoringJob, UUID> {

    /** Serializes the starts of one campaign's jobs across replicas, until the transaction ends. */
    void lockCampaign(String campaign) {
        getEntityManager().createNativeQuery("select pg_advisory_xact_lock(hashtext(?1))")
                .setParameter(1, "rescoring:" + campaign).getSingleResult();
    }

    boolean running(String campaign) {
        return count("campaignCode = ?1 and state = ?2", campaign, RescoringJob.State.RUNNING) > 0;
    }

    /** The oldest running job no other replica is working on, locked until the transaction ends. */
    Optional<RescoringJob> claimRunning() {
        @SuppressWarnings("unchecked")
        List<RescoringJob> jobs = getEntityManager().createNativeQuery("""
                        select * from rescoring_job where state = 'RUNNING'
                        order by created_at limit 1 for update skip locked""", RescoringJob.class).getResultList();
        return jobs.stream().findFirst();
    }
}
