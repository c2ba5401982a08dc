package fr.barometre.scoring.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.security.Principal;
import java.util.HashSet;
import java.util.Set;

/**
 * Who is calling, decided from the token alone: roles, the {@code collectivity} claim of a respondent,
 * the {@code partner_scope} claim of a partner.
 */
@RequestScoped
public class Caller {

    public static final String COLLECTIVITY_CLAIM = "collectivity";
    public static final String PARTNER_SCOPE_CLAIM = "partner_scope";

    @Inject
    SecurityIdentity identity;

    @Inject
    ObjectMapper json;

    private PartnerScope partnerScope;

    public boolean isAdmin() { return identity.hasRole(Roles.ADMIN); }
    public boolean isAnalyst() { return identity.hasRole(Roles.ANALYST); }
    public boolean isPartner() { return identity.hasRole(Roles.PARTNER); }
    public boolean isRespondent() { return identity.hasRole(Roles.RESPONDENT); }

    /** Admins and analysts see every authority's data. */
    public boolean seesEverything() {
        return isAdmin() || isAnalyst();
    }

    /** The caller's realm roles. */
    public Set<String> roles() {
        return identity.getRoles();
    }

    public String name() {
        return identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }

    /** The client the token was issued to (its {@code azp} claim), or "" when it names none. */
    public String clientId() {
        JsonWebToken token = token();
        Object claim = token == null ? null : token.getClaim(Claims.azp.name());
        if (claim instanceof JsonString s) {
            return s.getString();
        }
        return claim == null ? "" : claim.toString();
    }

    /** Who the token was issued for (its {@code sub} claim), or the principal's name when it has none. */
    public String subject() {
        JsonWebToken token = token();
        String subject = token == null ? null : token.getSubject();
        return subject == null ? name() : subject;
    }

    /** The SIREN of a respondent's authority, or null. */
    public String collectivity() {
        JsonWebToken token = token();
        if (token == null) {
            return null;
        }
        Object claim = token.getClaim(COLLECTIVITY_CLAIM);
        if (claim instanceof JsonString s) {
            return s.getString();
        }
        return claim == null ? null : claim.toString();
    }

    /**
     * The scope of a partner, from its token; empty when absent or unreadable. An unreadable claim is a
     * mistake of the realm's configuration, not of the caller: it grants nothing and is logged.
     */
    public PartnerScope partnerScope() {
        if (partnerScope == null) {
            partnerScope = readPartnerScope();
        }
        return partnerScope;
    }

    /** Whether the caller may read and write this authority's own data (responses, agents). */
    public boolean mayActFor(String siren, Set<String> authorityNetworks) {
        if (isAdmin()) {
            return true;
        }
        if (isRespondent() && siren.equals(collectivity())) {
            return true;
        }
        return isPartner() && partnerScope().covers(siren, authorityNetworks);
    }

    /** Whether the caller may read this authority's own data: those who may act for it, and analysts. */
    public boolean mayRead(String siren, Set<String> authorityNetworks) {
        return isAnalyst() || mayActFor(siren, authorityNetworks);
    }

    private PartnerScope readPartnerScope() {
        JsonWebToken token = token();
        if (token == null || !isPartner()) {
            return PartnerScope.EMPTY;
        }
        Object claim = token.getClaim(PARTNER_SCOPE_CLAIM);
        if (claim == null) {
            return PartnerScope.EMPTY;
        }
        try {
            // A claim mapper of JSON type "JSON" gives an object; of type "String", the JSON as a string.
            JsonNode node = json.readTree(claim instanceof JsonString s ? s.getString() : claim.toString());
            return new PartnerScope(strings(node.get("networks")), strings(node.get("sirens")));
        } catch (JsonProcessingException e) {
            Log.warnf(e, "The %s claim of the partner %s is not JSON: its scope is empty, it sees no authority's own data",
                    PARTNER_SCOPE_CLAIM, name());
            return PartnerScope.EMPTY;
        }
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new HashSet<>();
        if (array != null && array.isArray()) {
            array.forEach(v -> values.add(v.asText()));
        }
        return values;
    }

    private JsonWebToken token() {
        Principal principal = identity.getPrincipal();
        return principal instanceof JsonWebToken jwt ? jwt : null;
    }
}
