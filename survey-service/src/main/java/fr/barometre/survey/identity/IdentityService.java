package fr.barometre.survey.identity;

import fr.barometre.survey.audit.Journal;
import fr.barometre.survey.problem.FieldError;
import fr.barometre.survey.problem.ProblemException;
import fr.barometre.survey.registry.Collectivity;
import fr.barometre.survey.registry.CollectivityRepository;
import fr.barometre.survey.registry.Network;
import fr.barometre.survey.registry.Siren;
import fr.barometre.survey.security.Caller;
import fr.barometre.survey.security.PartnerScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Partners' scopes and respondents' onboarding, checked here and kept in the identity provider; each change
 * journaled once the identity provider confirmed it (a call that fails leaves no entry).
 */
@ApplicationScoped
public class IdentityService {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    @Inject
    IdentityDirectory directory;

    @Inject
    CollectivityRepository collectivities;

    @Inject
    Caller caller;

    @Inject
    Journal journal;

    public Optional<PartnerScopeView> partnerScope(String clientId) {
        return directory.partnerScope(clientId).map(IdentityService::view);
    }

    @Transactional
    public Optional<PartnerScopeView> setPartnerScope(String clientId, PartnerScopeView request) {
        if (request == null) {
            throw ProblemException.badRequest("A body {\"networks\": [...], \"sirens\": [...]} is required");
        }
        Set<String> sirens = request.sirens() == null ? Set.of() : request.sirens();
        List<FieldError> errors = new ArrayList<>();
        for (String siren : new TreeSet<>(sirens)) {
            if (siren == null || !Siren.isValid(siren)) {
                errors.add(FieldError.ofField("sirens", "'" + siren + "' is not a valid SIREN"));
            } else if (collectivities.findByIdOptional(siren).isEmpty()) {
                errors.add(FieldError.ofField("sirens", siren + " is not in the registry"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The scope has " + errors.size() + " problem(s)", errors);
        }
        Set<String> networks = request.networks() == null ? Set.of()
                : request.networks().stream().map(Enum::name).collect(Collectors.toSet());
        PartnerScope scope = new PartnerScope(networks, sirens);
        if (!directory.setPartnerScope(clientId, scope)) {
            return Optional.empty();
        }
        PartnerScopeView written = view(scope);
        journal.record("partner.scope-set", "partner:" + clientId, null, Map.of("networks", written.networks(), "sirens", written.sirens()));
        return Optional.of(written);
    }

    public List<Agent> agents(String siren) {
        authority(siren);
        return directory.agents(siren);
    }

    public NewAgentAccount onboard(String siren, NewAgent request) {
        authority(siren);
        if (request == null) {
            throw ProblemException.badRequest("A body {\"email\": ...} is required");
        }
        List<FieldError> errors = new ArrayList<>();
        if (request.email() == null || !EMAIL.matcher(request.email()).matches() || request.email().length() > 254) {
            errors.add(FieldError.ofField("email", "must be an e-mail address"));
        }
        if (request.firstName() != null && request.firstName().length() > 255) {
            errors.add(FieldError.ofField("firstName", "must be at most 255 characters"));
        }
        if (request.lastName() != null && request.lastName().length() > 255) {
            errors.add(FieldError.ofField("lastName", "must be at most 255 characters"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The agent has " + errors.size() + " problem(s)", errors);
        }
        NewAgentAccount created = directory.createAgent(siren, request);
        journal.record("agent.created", agentTarget(siren, created.agent().id()), null, null);
        return created;
    }

    public void revoke(String siren, String id) {
        authority(siren);
        if (!directory.revokeAgent(siren, id)) {
            throw ProblemException.notFound("No agent " + id + " of authority " + siren);
        }
        journal.record("agent.revoked", agentTarget(siren, id), null, null);
    }

    /**
     * The authority, when the caller may act for it (the operations are an admin's or a partner's:
     * an admin, or a partner within its scope).
     */
    @Transactional
    Collectivity authority(String siren) {
        return collectivities.findByIdOptional(siren)
                .filter(a -> caller.mayActFor(a.siren, a.networkSet()))
                .orElseThrow(() -> ProblemException.notFound("No authority " + siren + " within your reach"));
    }

    private static String agentTarget(String siren, String id) {
        return "agent:" + siren + "/" + id;
    }

    private static PartnerScopeView view(PartnerScope scope) {
        return new PartnerScopeView(scope.networks().stream().map(Network::valueOf).collect(Collectors.toCollection(TreeSet::new)),
                new TreeSet<>(scope.sirens()));
    }
}
