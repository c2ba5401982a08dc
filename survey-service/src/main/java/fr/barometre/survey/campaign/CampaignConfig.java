package fr.barometre.survey.campaign;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The campaigns' lifecycle. */
@ConfigMapping(prefix = "survey.campaigns")
public interface CampaignConfig {

    /**
     * How often the campaigns whose closing date has passed are closed (read by the schedule of
     * {@link CampaignService#closePastClosingDates}); between two checks, every request closes the
     * campaign it is about.
     */
    @WithDefault("60s")
    Duration closingCheck();
}
