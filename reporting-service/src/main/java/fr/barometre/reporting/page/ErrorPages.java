package fr.barometre.reporting.page;

import fr.barometre.reporting.problem.Problem;

/** The HTML page a browser gets where an API client gets a problem document: the same status, in French. */
public final class ErrorPages {

    private ErrorPages() {
    }

    public static String render(Problem problem) {
        int status = problem.status();
        String heading = switch (status) {
            case 400 -> "Requête incorrecte";
            case 401 -> "Connexion requise";
            case 403 -> "Accès refusé";
            case 404 -> "Page introuvable";
            case 405 -> "Méthode non permise";
            case 406 -> "Format non disponible";
            case 413 -> "Requête trop volumineuse";
            case 415 -> "Format de requête non pris en charge";
            case 503 -> "Service momentanément indisponible";
            default -> status >= 500 ? "Erreur du service" : "Requête refusée";
        };
        String message = switch (status) {
            case 400 -> "La requête contient une valeur inconnue ; vérifiez les filtres de l'adresse.";
            case 401 -> "Cette page demande de vous connecter.";
            case 403 -> "Votre compte ne permet pas d'ouvrir cette page : l'aperçu des éditions non publiées est réservé aux analystes et aux administrateurs.";
            case 404 -> "Cette page n'existe pas, ou l'édition demandée n'est pas publiée.";
            case 503 -> "Le service ne peut pas répondre pour le moment ; réessayez dans quelques instants.";
            default -> status >= 500 ? "Le service n'a pas pu traiter la demande ; l'incident est enregistré." : "La demande ne peut pas être traitée.";
        };
        return Templates.error(new Model.Error(new Model.Frame(heading, false, null), status, heading, message,
                status >= 500 ? null : problem.detail())).render();
    }
}
