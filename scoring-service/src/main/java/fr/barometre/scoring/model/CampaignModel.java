package fr.barometre.scoring.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** The model a campaign is scored under, once an admin rescored it; without a row, the default model. */
@Entity
@Table(name = "campaign_model")
public class CampaignModel {

    @Id
    @Column(name = "campaign_code")
    public String campaignCode;

    @Column(name = "model_id")
    public String modelId;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
