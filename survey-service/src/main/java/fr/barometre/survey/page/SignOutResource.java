package fr.barometre.survey.page;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/**
 * "Se déconnecter": a form posted with its CSRF token (checked before this runs). Reading the identity
 * then runs the web tenant on its logout path, which ends the session and sends the browser to
 * Keycloak's logout (RP-initiated), back to {@code /} afterwards. Only a POST gets here: a link or an
 * image elsewhere cannot sign anyone out.
 */
@Path(Paths.SIGN_OUT)
public class SignOutResource {

    @Inject
    CurrentIdentityAssociation identities;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signOut() {
        identities.getIdentity();   // a signed-in session: an AuthenticationRedirectException to Keycloak's logout
        return Response.seeOther(URI.create(Paths.HOME)).build();   // no session (expired already): home, which signs in
    }
}
