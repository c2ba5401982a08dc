package fr.barometre.survey.response;

import fr.barometre.survey.campaign.Campaign;
import fr.barometre.survey.campaign.CampaignResource;
import fr.barometre.survey.campaign.CampaignService;
import fr.barometre.survey.campaign.CampaignStatus;
import fr.barometre.survey.problem.ProblemException;
import fr.barometre.survey.registry.CollectivityRepository;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Submits many complete responses with an outcome each. Every item is checked first (access,
 * invitation, complete answers), then the valid ones are written set-based in one transaction:
 * responses, feed rows and outbox messages, a few statements for the whole batch. Should that
 * transaction fail, the batch is taken again one response per transaction, so that one response's
 * failure never costs the others their outcome.
 */
@ApplicationScoped
public class BatchService {

    public static final int MAX_RESPONSES = 1000;

    @Inject
    ResponseService responses;

    @Inject
    CampaignService campaigns;

    @Inject
    CollectivityRepository collectivities;

    public BatchResult submit(String code, BatchRequest request) {
        if (request == null || request.responses() == null) {
            throw ProblemException.badRequest("A body {\"responses\": [...]} is required");
        }
        if (request.responses().size() > MAX_RESPONSES) {
            throw ProblemException.tooLarge("A batch carries at most " + MAX_RESPONSES + " responses; this one has "
                    + request.responses().size());
        }
        Campaign campaign = campaigns.visibleCampaign(code).orElseThrow(() -> CampaignResource.notFound(code));
        if (campaign.status != CampaignStatus.OPEN) {
            throw ProblemException.conflict("Campaign " + code + " is " + campaign.status + ": it takes no responses");
        }
        List<BatchResult.Outcome> results;
        try {
            results = QuarkusTransaction.requiringNew().call(() -> submitTogether(code, request.responses()));
        } catch (RuntimeException e) {
            Log.warnf(e, "Batch of %d responses to campaign %s could not be written together: taken one by one",
                    request.responses().size(), code);
            results = submitOneByOne(code, request.responses());
        }
        int submitted = (int) results.stream().filter(r -> r.status() == BatchResult.Status.SUBMITTED).count();
        return new BatchResult(submitted, results.size() - submitted, results);
    }

    /** Every item checked, then the valid ones written together, in the current transaction. */
    private List<BatchResult.Outcome> submitTogether(String code, List<BatchRequest.Item> items) {
        List<String> sirens = items.stream().filter(i -> i != null && i.siren() != null && !i.siren().isBlank())
                .map(BatchRequest.Item::siren).distinct().toList();
        collectivities.list("siren in ?1", sirens);   // the authorities read at once: each check finds its own loaded
        BatchResult.Outcome[] outcomes = new BatchResult.Outcome[items.size()];
        List<ResponseService.Complete> valid = new ArrayList<>();
        Map<String, Integer> firstValid = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            BatchRequest.Item item = items.get(i);
            String siren = item == null ? null : item.siren();
            try {
                if (siren == null || siren.isBlank()) {
                    throw ProblemException.badRequest("siren is required");
                }
                ResponseService.Complete complete = responses.checkComplete(code, siren, item.answers());
                if (firstValid.containsKey(siren)) {
                    continue;   // submitted by an earlier item of this batch: a conflict, told once its revision is known
                }
                firstValid.put(siren, i);
                valid.add(complete);
            } catch (ProblemException e) {
                outcomes[i] = refused(siren, e);
            }
        }
        Map<String, Object> written = valid.isEmpty() ? Map.of() : responses.submitAllComplete(code, valid);
        for (int i = 0; i < items.size(); i++) {
            if (outcomes[i] != null) {
                continue;
            }
            String siren = items.get(i).siren();
            Object result = written.get(siren);
            if (firstValid.get(siren) != i && result instanceof Integer revision) {
                outcomes[i] = refused(siren, ProblemException.conflict("Revision " + revision + " of this response is already submitted"));
            } else if (result instanceof Integer revision) {
                outcomes[i] = new BatchResult.Outcome(siren, BatchResult.Status.SUBMITTED, revision, null, null);
            } else {
                outcomes[i] = refused(siren, (ProblemException) result);
            }
        }
        return List.of(outcomes);
    }

    /** Each item in its own transaction: one failure does not undo the others. */
    private List<BatchResult.Outcome> submitOneByOne(String code, List<BatchRequest.Item> items) {
        List<BatchResult.Outcome> results = new ArrayList<>();
        for (BatchRequest.Item item : items) {
            String siren = item == null ? null : item.siren();
            BatchResult.Outcome outcome;
            try {
                if (siren == null || siren.isBlank()) {
                    throw ProblemException.badRequest("siren is required");
                }
                int revision = QuarkusTransaction.requiringNew().call(() -> responses.submitComplete(code, siren, item.answers()));
                outcome = new BatchResult.Outcome(siren, BatchResult.Status.SUBMITTED, revision, null, null);
            } catch (ProblemException e) {
                outcome = refused(siren, e);
            } catch (RuntimeException e) {
                // one authority's unexpected failure must not cost the others their outcome
                Log.errorf(e, "Batch item %s of campaign %s failed", siren, code);
                outcome = new BatchResult.Outcome(siren, BatchResult.Status.FAILED, null,
                        "Unexpected failure; nothing was stored for this SIREN: submit it again", null);
            }
            results.add(outcome);
        }
        return results;
    }

    private static BatchResult.Outcome refused(String siren, ProblemException e) {
        BatchResult.Status status = switch (e.status()) {
            case 404 -> BatchResult.Status.NOT_FOUND;
            case 409 -> BatchResult.Status.CONFLICT;
            default -> BatchResult.Status.INVALID;
        };
        return new BatchResult.Outcome(siren, status, null, e.detail(), e.errors());
    }
}
