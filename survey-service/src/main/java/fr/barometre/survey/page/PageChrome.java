package fr.barometre.survey.page;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** What the layout shows around every page: who is signed in, and the sign-out button. */
@RequestScoped
public class PageChrome {

    /** The layout's data: the signed-in person's name, or null on an error page (no sign-out form there). */
    public record Chrome(String userName) {
        public boolean signedIn() {
            return userName != null;
        }
    }

    @Inject
    SecurityIdentity identity;

    public Chrome current() {
        if (identity.isAnonymous()) {
            return new Chrome(null);
        }
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            Object name = token.getClaim("name");
            if (name != null && !name.toString().isBlank()) {
                return new Chrome(name.toString().replace("\"", ""));
            }
        }
        return new Chrome(identity.getPrincipal().getName());
    }
}
