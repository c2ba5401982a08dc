package fr.barometre.survey.page;

/** The French title and explanation of an error page, by status. */
record ErrorText(String title, String explanation) {

    static ErrorText of(int status) {
        return switch (status) {
            case 400 -> new ErrorText("Requête refusée",
                    "Le formulaire envoyé n'a pas pu être accepté. Rechargez la page puis recommencez.");
            case 401 -> new ErrorText("Connexion nécessaire", "Connectez-vous pour voir cette page.");
            case 403 -> new ErrorText("Accès refusé", "Votre compte ne donne pas accès à cette page.");
            case 404 -> new ErrorText("Page introuvable",
                    "Cette page n'existe pas, ou elle ne concerne pas votre collectivité.");
            case 405, 406, 415 -> new ErrorText("Requête refusée", "Cette page ne peut pas être demandée ainsi.");
            case 409 -> new ErrorText("Action impossible",
                    "La réponse ou la campagne ne le permet pas dans son état actuel (réponse envoyée ou campagne fermée).");
            case 412, 428 -> new ErrorText("La réponse a changé",
                    "La réponse a été modifiée depuis l'affichage de la page. Rechargez-la avant de recommencer.");
            case 413 -> new ErrorText("Envoi trop volumineux", "Les données envoyées dépassent la taille acceptée.");
            case 422 -> new ErrorText("Données non valides", "Certaines données envoyées ne sont pas valides.");
            case 503 -> new ErrorText("Service momentanément indisponible", "Réessayez dans quelques instants.");
            default -> status >= 500
                    ? new ErrorText("Erreur du service", "Le service n'a pas pu traiter la demande ; l'incident est enregistré.")
                    : new ErrorText("Requête refusée", "La demande n'a pas pu être traitée.");
        };
    }
}
