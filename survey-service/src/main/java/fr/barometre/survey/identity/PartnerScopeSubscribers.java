package fr.barometre.survey.identity;

import fr.barometre.survey.security.PartnerScope;
import fr.barometre.survey.webhook.KeptScopes;
import fr.barometre.survey.webhook.SubscriberScopes;
import fr.barometre.survey.webhook.WebhookConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * survey-service's answer to whether a webhook subscriber may be told of an authority's event: the
 * partner's scope as the identity provider keeps it (the one its tokens carry), read at most once per
 * {@code barometre.webhooks.scope-cache} per client ({@link KeptScopes}). A client that is no partner — a subscription an admin
 * made for an integration, say — is told of no authority's event (campaigns' events still reach it); when
 * the identity provider cannot be read, the scope is unknown and the delivery waits.
 */
@ApplicationScoped
public class PartnerScopeSubscribers implements SubscriberScopes {

    private final IdentityDirectory directory;
    private final KeptScopes kept;

    @Inject
    PartnerScopeSubscribers(IdentityDirectory directory, WebhookConfig config, Clock clock) {
        this.directory = directory;
        this.kept = new KeptScopes(this::read, config.scopeCache(), clock);
    }

    @Override
    public boolean covers(String clientId, String siren, Set<String> networks) {
        return kept.covers(clientId, siren, networks);
    }

    private Optional<PartnerScope> read(String clientId) {
        try {
            return directory.partnerScope(clientId);
        } catch (RuntimeException e) {
            throw new ScopeUnknown("the identity provider cannot be read: " + e.getMessage(), e);
        }
    }
}
