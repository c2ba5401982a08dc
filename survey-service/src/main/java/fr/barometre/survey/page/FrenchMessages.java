package fr.barometre.survey.page;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The answer rules' problems, as the pages say them in French (the rules' own wording otherwise). */
final class FrenchMessages {

    private static final Pattern BETWEEN = Pattern.compile("value must be between (\\S+) and (\\S+)");
    private static final Pattern AT_MOST = Pattern.compile("value must be at most (\\d+) characters; it has (\\d+)");

    private FrenchMessages() {
    }

    static String of(String message) {
        if (message == null) {
            return "";
        }
        Matcher between = BETWEEN.matcher(message);
        if (between.matches()) {
            return "Saisissez un nombre entre " + between.group(1) + " et " + between.group(2) + ".";
        }
        Matcher atMost = AT_MOST.matcher(message);
        if (atMost.matches()) {
            return atMost.group(1) + " caractères au plus (" + atMost.group(2) + " saisis).";
        }
        if (message.equals("is required")) {
            return "Réponse obligatoire.";
        }
        if (message.equals("value must be a number")) {
            return "Saisissez un nombre (par exemple 12 ou 4.5).";
        }
        if (message.startsWith("was not asked")) {
            return "Cette question n'est pas posée vu vos autres réponses : effacez sa réponse.";
        }
        if (message.startsWith("value must be") || message.startsWith("level must be") || message.startsWith("abstention must be")
                || message.contains("is not one of the choices")) {
            return "Cette réponse n'est pas une des possibilités proposées.";
        }
        if (message.equals("unknown question")) {
            return "Cette question ne fait pas partie du questionnaire.";
        }
        return message;
    }
}
