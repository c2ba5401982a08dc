package fr.barometre.survey.webhook;

import fr.barometre.survey.identity.InMemoryDirectory;
import fr.barometre.survey.identity.IdentityDirectory;
import fr.barometre.survey.security.PartnerScope;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.Tokens;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static fr.barometre.survey.webhook.Webhooks.sql;
import static fr.barometre.survey.webhook.Webhooks.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How fast the worker drains its deliveries: N out of the partner's scope, then N delivered to a receiver on
 * 127.0.0.1; it prints the deliveries settled per second (figures, not asserted: they depend on the machine).
 * Not part of the suite (its name is no test's): {@code ./mvnw -B -pl test-support,survey-service verify
 * -Dtest=DispatchThroughputBench -Dsurefire.failIfNoSpecifiedTests=false [-Dwebhook.bench.n=1000]}.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class DispatchThroughputBench {

    private static final String IN_SCOPE = "243500139";

    @Inject
    WebhookEvents events;

    @Inject
    WebhookDispatcher dispatcher;

    @Inject
    IdentityDirectory directory;

    @Inject
    WebhookConfig config;

    @Test
    void deliveriesSettledPerSecond() throws Exception {
        int n = Integer.getInteger("webhook.bench.n", 1000);
        sql("delete from webhook_subscription where client_id like 'hooks-%'");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String client = "hooks-bench-" + System.nanoTime();
            ((InMemoryDirectory) directory).partnerScopes().put(client, new PartnerScope(Set.of(), Set.of(IN_SCOPE)));
            String id = subscribe(Tokens.partnerClient(client, List.of(), List.of(IN_SCOPE)), receiver.url("/bench"),
                    List.of("response.submitted")).getString("id");
            String campaign = "hooks-bench-" + System.nanoTime();

            emit(campaign, IntStream.range(0, n).mapToObj(i -> String.format("2%08d", i)).toList());
            double outOfScope = drain(n);
            emit(campaign, IntStream.range(0, n).mapToObj(i -> IN_SCOPE).toList());
            double delivered = drain(n);

            assertEquals(List.of("DELIVERED|" + n, "OUT_OF_SCOPE|" + n), sql("select status || '|' || count(*) from webhook_delivery"
                    + " where subscription_id = ?::uuid group by status order by status", id));
            assertEquals(n, receiver.received().size());
            Log.infof("webhook throughput (batch-size %d): %d out of scope at %.0f/s, %d delivered at %.0f/s",
                    config.batchSize(), n, outOfScope, n, delivered);
        } finally {
            sql("delete from webhook_subscription where client_id like 'hooks-%'");
        }
    }

    private void emit(String campaign, List<String> sirens) {
        QuarkusTransaction.requiringNew().run(() -> events.emitAll("response.submitted", () -> sirens.stream()
                .map(siren -> new WebhookEvent("response.submitted", campaign, siren, Set.of("FRANCE_URBAINE"),
                        Map.of("campaign", campaign, "siren", siren, "revision", 1,
                                "path", "/campaigns/" + campaign + "/responses/" + siren)))
                .toList()));
    }

    /** Runs the worker until it has claimed {@code n}; the deliveries settled per second. */
    private double drain(int n) {
        long start = System.nanoTime();
        int claimed = 0;
        while (claimed < n) {
            claimed += dispatcher.deliverDue();
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }
}
