package fr.barometre.scoring.assessment;

import fr.barometre.scoring.engine.Answer;
import fr.barometre.scoring.feed.Profile;

import java.util.List;

/** A submitted revision of an authority's response, as an assessment is made of it. */
public interface Submission {

    String campaign();

    String siren();

    Integer revision();

    String questionnaireVersion();

    /** The authority's profile snapshotted at submission. */
    Profile profile();

    /** Null or empty: nothing answered. */
    List<Answer> answers();
}
