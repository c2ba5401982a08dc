package fr.barometre.survey.page;

/** The paths of the pages (served to people signed in through the web tenant). */
final class Paths {

    static final String HOME = "/";
    static final String RESPONSES = "/reponses";
    static final String CAMPAIGNS = "/campagnes";
    static final String SIGN_OUT = "/deconnexion";

    private Paths() {
    }

    static boolean isPage(String path) {
        return path.equals(HOME) || path.isEmpty() || under(path, RESPONSES) || under(path, CAMPAIGNS) || path.equals(SIGN_OUT);
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
