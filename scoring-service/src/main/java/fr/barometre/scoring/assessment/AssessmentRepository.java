package fr.barometre.scoring.assessment;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

@ApplicationScoped
public class AssessmentRepository implements PanacheRepository<AssessmentRecord> {

    public Optional<AssessmentRecord> current(String campaign, String siren) {
        return find("campaignCode = ?1 and siren = ?2 order by assessmentVersion desc", campaign, siren).firstResultOptional();
    }

    public int lastVersion(String campaign, String siren) {
        return current(campaign, siren).map(a -> a.assessmentVersion).orElse(0);
    }

    /** The first assessment version made of a revision; null when none was. */
    Integer firstVersionOf(String campaign, String siren, int revision) {
        return getEntityManager().createQuery("""
                        select min(a.assessmentVersion) from AssessmentRecord a
                        where a.campaignCode = ?1 and a.siren = ?2 and a.revision = ?3""", Integer.class)
                .setParameter(1, campaign).setParameter(2, siren).setParameter(3, revision)
                .getSingleResult();
    }

    /** A PostgreSQL advisory lock on the authority, held until the transaction ends. */
    void lockAuthority(String campaign, String siren) {
        getEntityManager().createNativeQuery("select pg_advisory_xact_lock(hashtext(?1))")
                .setParameter(1, campaign + ":" + siren).getSingleResult();
    }
}
