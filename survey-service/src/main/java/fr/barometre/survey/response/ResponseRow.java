package fr.barometre.survey.response;

import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

/**
 * The columns of every row about an authority's response to a campaign (the response itself, each
 * submitted revision): its own id, the campaign, the authority.
 */
@MappedSuperclass
public abstract class ResponseRow {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "campaign_code")
    public String campaignCode;

    public String siren;
}
