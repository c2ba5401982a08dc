package fr.barometre.scoring.assessment;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

@ApplicationScoped
public class AssessmentRepository implements PanacheRepository<AssessmentRecord> {

    public Optional<AssessmentRecord> current(String campaign, String siren) {
        return find("campaignCode = ?1 and siren = ?2 order by assessmentVersion desc", campaign, siren).firstResultOptional();
    }

    public Optional<AssessmentRecord> latestOfRevision(String campaign, String siren, int revision) {
        return find("campaignCode = ?1 and siren = ?2 and revision = ?3 order by assessmentVersion desc", campaign, siren, revision)
                .firstResultOptional();
    }

    public int lastVersion(String campaign, String siren) {
        return current(campaign, siren).map(a -> a.assessmentVersion).orElse(0);
    }
}
