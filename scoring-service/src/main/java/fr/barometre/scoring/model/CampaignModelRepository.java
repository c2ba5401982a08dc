package fr.barometre.scoring.model;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class CampaignModelRepository implements PanacheRepositoryBase<CampaignModel, String> {
}
