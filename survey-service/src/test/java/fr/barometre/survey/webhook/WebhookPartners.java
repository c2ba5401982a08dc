package fr.barometre.survey.webhook;

import fr.barometre.survey.identity.IdentityDirectory;
import fr.barometre.survey.security.PartnerScope;

import java.util.Map;

/** The partners of the tests' in-memory directory (a partner client must exist there for its scope to be read). */
final class WebhookPartners {

    private WebhookPartners() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, PartnerScope> of(IdentityDirectory directory) {
        try {
            var field = directory.getClass().getDeclaredField("partners");
            field.setAccessible(true);
            return (Map<String, PartnerScope>) field.get(directory);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("The tests' directory keeps partners in a map", e);
        }
    }
}
