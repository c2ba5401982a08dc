package fr.barometre.survey.campaign;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class CampaignRepository implements PanacheRepositoryBase<Campaign, String> {

    public List<Campaign> openPastClosingDate(Instant now) {
        return list("status = ?1 and closesAt <= ?2", CampaignStatus.OPEN, now);
    }
}
