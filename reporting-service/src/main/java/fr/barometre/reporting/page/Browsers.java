package fr.barometre.reporting.page;

/**
 * Who is a browser, for the choice between an HTML page and a problem document: a request without an
 * {@code Authorization} header whose {@code Accept} ranks {@code text/html} above JSON. API clients
 * (a bearer token, no Accept, JSON first, or anything else) keep their problem documents.
 */
public final class Browsers {

    private Browsers() {
    }

    public static boolean prefersHtml(String accept, String authorization) {
        if (authorization != null && !authorization.isBlank()) {
            return false;
        }
        if (accept == null || accept.isBlank()) {
            return false;
        }
        double html = quality(accept, "text", "html");
        double json = Math.max(quality(accept, "application", "json"), quality(accept, "application", "problem+json"));
        return html > 0 && html > json;
    }

    /** The quality the Accept header gives this media type: its most specific matching range wins (RFC 9110, 12.5.1). */
    static double quality(String accept, String type, String subtype) {
        double best = 0;
        int specificity = -1;
        for (String range : accept.split(",")) {
            String[] parts = range.trim().split(";");
            String[] media = parts[0].trim().toLowerCase().split("/");
            if (media.length != 2) {
                continue;
            }
            int s;
            if (media[0].equals(type) && media[1].equals(subtype)) {
                s = 2;
            } else if (media[0].equals(type) && media[1].equals("*")) {
                s = 1;
            } else if (media[0].equals("*") && media[1].equals("*")) {
                s = 0;
            } else {
                continue;
            }
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                if (p.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2).trim());
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (s > specificity) {
                specificity = s;
                best = q;
            }
        }
        return best;
    }
}
