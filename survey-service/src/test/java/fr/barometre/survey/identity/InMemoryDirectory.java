package fr.barometre.survey.identity;

import fr.barometre.survey.problem.ProblemException;
import fr.barometre.survey.security.PartnerScope;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.annotation.Priority;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Alternative;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for Keycloak in the service's own tests (the real directory is exercised end to end, and
 * against a stand-in Keycloak by {@code security.KeycloakCallsTest}, whose profile sets
 * {@code survey.identity.directory=keycloak}): partners by client id, agents by id.
 */
@IfBuildProperty(name = "survey.identity.directory", stringValue = "in-memory", enableIfMissing = true)
@Alternative
@Priority(1)
@Singleton
public class InMemoryDirectory implements IdentityDirectory {
    final Map<String, PartnerScope> partners = new ConcurrentHashMap<>();
    final Map<String, Agent> agents = new ConcurrentHashMap<>();
    /** When set, every change fails as KeycloakDirectory's do when Keycloak is down or refuses it. */
    volatile boolean unavailable;

    /** The partners' scopes by client id, for tests to add a partner client (it must exist for its scope to be read or written). */
    public Map<String, PartnerScope> partnerScopes() {
        return partners;
    }

    private void failIfUnavailable() {
        if (unavailable) {
            throw ProblemException.unavailable("The identity provider cannot be reached or refused the change; retry later");
        }
    }

    @Override
    public Optional<PartnerScope> partnerScope(String clientId) {
        return Optional.ofNullable(partners.get(clientId));
    }

    @Override
    public boolean setPartnerScope(String clientId, PartnerScope scope) {
        failIfUnavailable();
        if (!partners.containsKey(clientId)) {
            return false;
        }
        partners.put(clientId, scope);
        return true;
    }

    @Override
    public List<Agent> agents(String siren) {
        return new ArrayList<>(agents.values().stream().filter(a -> a.collectivity().equals(siren)).toList());
    }

    @Override
    public NewAgentAccount createAgent(String siren, NewAgent agent) {
        failIfUnavailable();
        Agent created = new Agent(UUID.randomUUID().toString(), agent.email(), agent.email(), agent.firstName(),
                agent.lastName(), siren, true);
        agents.put(created.id(), created);
        return new NewAgentAccount(created, "temporary-" + created.id());
    }

    @Override
    public boolean revokeAgent(String siren, String id) {
        failIfUnavailable();
        Agent a = agents.get(id);
        if (a == null || !a.collectivity().equals(siren)) {
            return false;
        }
        agents.put(id, new Agent(a.id(), a.username(), a.email(), a.firstName(), a.lastName(), a.collectivity(), false));
        return true;
    }
}
