package fr.barometre.survey.identity;

import fr.barometre.survey.security.PartnerScope;

import java.util.List;
import java.util.Optional;

/** The accounts of the identity provider this service manages: partners' scopes, respondents. */
public interface IdentityDirectory {

    /** A partner client's scope; empty when no such client exists. */
    Optional<PartnerScope> partnerScope(String clientId);

    /** Writes a partner client's scope, carried by its next tokens; false when no such client exists. */
    boolean setPartnerScope(String clientId, PartnerScope scope);

    /** The respondent accounts of an authority. */
    List<Agent> agents(String siren);

    /** Creates a respondent account for an authority, with a temporary password to change at first login. */
    NewAgentAccount createAgent(String siren, NewAgent agent);

    /** Revokes a respondent account of this authority: it can no longer log in. False when it is not one. */
    boolean revokeAgent(String siren, String id);
}
