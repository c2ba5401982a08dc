package fr.barometre.scoring.testing;

import io.restassured.response.ValidatableResponse;

import static io.restassured.RestAssured.given;

/** The calls most tests make. */
public final class Api {

    private Api() {
    }

    /** survey-service delivering a submission message, with its scoring-ingest token. */
    public static ValidatableResponse deliver(Object message) {
        return given().auth().oauth2(Tokens.withRoles("scoring-ingest")).contentType("application/json")
                .body(message.toString()).post("/internal/assessments").then();
    }

    /** survey-service delivering many submission messages in one call ({"messages": [...]}), with its scoring-ingest token. */
    public static ValidatableResponse deliverBatch(Object... messages) {
        StringBuilder body = new StringBuilder("{\"messages\": [");
        for (int i = 0; i < messages.length; i++) {
            body.append(i == 0 ? "" : ",").append(messages[i]);
        }
        return given().auth().oauth2(Tokens.withRoles("scoring-ingest")).contentType("application/json")
                .body(body.append("]}").toString()).post("/internal/assessments/batch").then();
    }

    /** An authority's current assessment, read by an admin. */
    public static ValidatableResponse assessment(String campaign, String siren) {
        return given().auth().oauth2(Tokens.admin()).get("/campaigns/" + campaign + "/assessments/" + siren).then();
    }
}
