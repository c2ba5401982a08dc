package fr.barometre.survey.campaign;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;

/** One edition of the barometer. */
@Entity
@Table(name = "campaign")
public class Campaign {

    @Id
    public String code;

    public String title;

    @Enumerated(EnumType.STRING)
    public CampaignStatus status;

    @Column(name = "closes_at")
    public Instant closesAt;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "audience_networks", columnDefinition = "text[]")
    public String[] audienceNetworks = new String[0];

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "audience_sirens", columnDefinition = "text[]")
    public String[] audienceSirens = new String[0];

    /**
     * The questionnaire document, as JSON (tens of kilobytes): read only when first used
     * ({@link CampaignService#questionnaireOf} parses it once per replica and row version), not with
     * every read of the campaign's status.
     */
    @Basic(fetch = FetchType.LAZY)
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public String questionnaire;

    @Column(name = "questionnaire_version")
    public String questionnaireVersion;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "opened_at")
    public Instant openedAt;

    @Column(name = "closed_at")
    public Instant closedAt;

    @Version
    public int version;

    /** No networks and no SIRENs: every authority of the registry is invited. */
    public boolean invitesEveryone() {
        return audienceNetworks.length == 0 && audienceSirens.length == 0;
    }

    /** Whether an authority with this SIREN and these networks is in the audience. */
    public boolean invites(String siren, Collection<String> networks) {
        return invitesEveryone()
                || Arrays.asList(audienceSirens).contains(siren)
                || Arrays.stream(audienceNetworks).anyMatch(networks::contains);
    }

    /** An OPEN campaign whose closing date has passed is closed. */
    public boolean closingDatePassed(Instant now) {
        return status == CampaignStatus.OPEN && closesAt != null && !closesAt.isAfter(now);
    }

    public void close(Instant now) {
        status = CampaignStatus.CLOSED;
        closedAt = now;
    }

    public Set<String> audienceNetworkSet() {
        return Set.of(audienceNetworks);
    }

    public Set<String> audienceSirenSet() {
        return Set.of(audienceSirens);
    }
}
