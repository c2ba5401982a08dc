package fr.barometre.survey.observability;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;

/** One value of {@code /q/metrics} (Prometheus text), read as an operator's scraper would. */
final class MetricsText {

    private MetricsText() {
    }

    /** The value of the series {@code name} whose labels contain {@code labels} (e.g. {@code destination="reporting"}, or empty). */
    static double value(String name, String labels) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$").matcher(text);
        while (m.find()) {
            if (m.group(1) == null ? labels.isEmpty() : m.group(1).contains(labels)) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError("no series " + name + " {" + labels + "} on /q/metrics");
    }
}
