package fr.barometre.survey.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.survey.problem.ProblemException;
import fr.barometre.survey.security.Caller;
import fr.barometre.survey.security.PartnerScope;
import fr.barometre.survey.security.Roles;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The identity directory in Keycloak, through its admin REST API with this service's account. */
@ApplicationScoped
public class KeycloakDirectory implements IdentityDirectory {

    static final String SCOPE_MAPPER = "partner_scope";
    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Keycloak keycloak;

    @Inject
    ObjectMapper json;

    @Inject
    IdentityConfig config;

    @Override
    public Optional<PartnerScope> partnerScope(String clientId) {
        return call(() -> partnerClient(clientId).map(client -> {
            ProtocolMapperRepresentation mapper = scopeMapper(client);
            if (mapper == null) {
                return PartnerScope.EMPTY;
            }
            try {
                JsonNode value = json.readTree(mapper.getConfig().getOrDefault("claim.value", "{}"));
                Set<String> networks = new HashSet<>();
                Set<String> sirens = new HashSet<>();
                value.path("networks").forEach(n -> networks.add(n.asText()));
                value.path("sirens").forEach(n -> sirens.add(n.asText()));
                return new PartnerScope(networks, sirens);
            } catch (Exception e) {
                Log.warnf("Unreadable partner_scope of client %s: %s", clientId, e.getMessage());
                return PartnerScope.EMPTY;
            }
        }));
    }

    @Override
    public boolean setPartnerScope(String clientId, PartnerScope scope) {
        return call(() -> partnerClient(clientId).map(client -> {
            ClientResource resource = realm().clients().get(client.getId());
            ProtocolMapperRepresentation mapper = scopeMapper(client);
            Map<String, String> config = new HashMap<>();
            config.put("claim.name", Caller.PARTNER_SCOPE_CLAIM);
            config.put("claim.value", writeScope(scope));
            config.put("jsonType.label", "JSON");
            config.put("access.token.claim", "true");
            config.put("id.token.claim", "false");
            config.put("userinfo.token.claim", "false");
            config.put("introspection.token.claim", "true");
            if (mapper == null) {
                mapper = new ProtocolMapperRepresentation();
                mapper.setName(SCOPE_MAPPER);
                mapper.setProtocol("openid-connect");
                mapper.setProtocolMapper("oidc-hardcoded-claim-mapper");
                mapper.setConfig(config);
                try (Response created = resource.getProtocolMappers().createMapper(mapper)) {
                    if (created.getStatus() >= 300) {
                        throw new IllegalStateException("Keycloak refused the partner_scope mapper: HTTP " + created.getStatus());
                    }
                }
            } else {
                mapper.setConfig(config);
                resource.getProtocolMappers().update(mapper.getId(), mapper);
            }
            return true;
        }).orElse(false));
    }

    @Override
    public List<Agent> agents(String siren) {
        return call(() -> realm().users().searchByAttributes(0, 500, true, false, Caller.COLLECTIVITY_CLAIM + ":" + siren)
                .stream().filter(u -> siren.equals(collectivityOf(u))).map(KeycloakDirectory::agent).toList());
    }

    @Override
    public NewAgentAccount createAgent(String siren, NewAgent request) {
        return call(() -> {
            String password = temporaryPassword();
            UserRepresentation user = new UserRepresentation();
            user.setUsername(request.email().toLowerCase());
            user.setEmail(request.email().toLowerCase());
            user.setFirstName(request.firstName());
            user.setLastName(request.lastName());
            user.setEnabled(true);
            user.setEmailVerified(false);
            user.setAttributes(Map.of(Caller.COLLECTIVITY_CLAIM, List.of(siren)));
            user.setRequiredActions(List.of("UPDATE_PASSWORD"));
            CredentialRepresentation credential = new CredentialRepresentation();
            credential.setType(CredentialRepresentation.PASSWORD);
            credential.setValue(password);
            credential.setTemporary(true);
            user.setCredentials(List.of(credential));
            String id;
            try (Response created = realm().users().create(user)) {
                if (created.getStatus() == 409) {
                    throw ProblemException.conflict("An account " + request.email() + " exists already");
                }
                if (created.getStatus() >= 300) {
                    throw new IllegalStateException("Keycloak refused the account: HTTP " + created.getStatus());
                }
                String location = created.getLocation().getPath();
                id = location.substring(location.lastIndexOf('/') + 1);
            }
            RoleRepresentation respondent = realm().roles().get(Roles.RESPONDENT).toRepresentation();
            realm().users().get(id).roles().realmLevel().add(List.of(respondent));
            return new NewAgentAccount(agent(realm().users().get(id).toRepresentation()), password);
        });
    }

    @Override
    public boolean revokeAgent(String siren, String id) {
        return call(() -> {
            UserRepresentation user;
            try {
                user = realm().users().get(id).toRepresentation();
            } catch (jakarta.ws.rs.NotFoundException e) {
                return false;
            }
            if (!siren.equals(collectivityOf(user))) {
                return false;
            }
            user.setEnabled(false);
            realm().users().get(id).update(user);
            realm().users().get(id).logout();
            return true;
        });
    }

    private RealmResource realm() {
        return keycloak.realm(config.realm());
    }

    private Optional<ClientRepresentation> partnerClient(String clientId) {
        List<ClientRepresentation> clients = realm().clients().findByClientId(clientId);
        if (clients.isEmpty() || !Boolean.TRUE.equals(clients.get(0).isServiceAccountsEnabled())) {
            return Optional.empty();
        }
        ClientRepresentation client = clients.get(0);
        UserRepresentation account = realm().clients().get(client.getId()).getServiceAccountUser();
        boolean partner = realm().users().get(account.getId()).roles().realmLevel().listEffective().stream()
                .anyMatch(r -> Roles.PARTNER.equals(r.getName()));
        return partner ? Optional.of(client) : Optional.empty();
    }

    private static ProtocolMapperRepresentation scopeMapper(ClientRepresentation client) {
        return client.getProtocolMappers() == null ? null : client.getProtocolMappers().stream()
                .filter(m -> SCOPE_MAPPER.equals(m.getName())).findFirst().orElse(null);
    }

    private String writeScope(PartnerScope scope) {
        try {
            return json.writeValueAsString(Map.of("networks", scope.networks().stream().sorted().toList(),
                    "sirens", scope.sirens().stream().sorted().toList()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String collectivityOf(UserRepresentation user) {
        List<String> values = user.getAttributes() == null ? null : user.getAttributes().get(Caller.COLLECTIVITY_CLAIM);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static Agent agent(UserRepresentation u) {
        return new Agent(u.getId(), u.getUsername(), u.getEmail(), u.getFirstName(), u.getLastName(), collectivityOf(u),
                Boolean.TRUE.equals(u.isEnabled()));
    }

    private static String temporaryPassword() {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            password.append(PASSWORD_ALPHABET.charAt(RANDOM.nextInt(PASSWORD_ALPHABET.length())));
        }
        return password.toString();
    }

    /**
     * Keycloak unreachable, too slow (its admin client gives up after {@code barometre.keycloak.timeout}, see
     * {@link KeycloakAdminTimeout}) or failing is a 503 for the caller, never a stack trace.
     */
    private static <T> T call(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (ProblemException e) {
            throw e;
        } catch (WebApplicationException | jakarta.ws.rs.ProcessingException | IllegalStateException e) {
            Log.errorf(e, "The identity provider failed");
            throw ProblemException.unavailable("The identity provider cannot be reached or refused the change; retry later");
        }
    }
}
