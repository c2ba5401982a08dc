package fr.barometre.survey.response;

import fr.barometre.survey.campaign.Campaign;
import fr.barometre.survey.campaign.CampaignResource;
import fr.barometre.survey.campaign.CampaignService;
import fr.barometre.survey.campaign.CampaignStatus;
import fr.barometre.survey.problem.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

/** Submits many complete responses, each in its own transaction: one failure does not undo the others. */
@ApplicationScoped
public class BatchService {

    public static final int MAX_RESPONSES = 1000;

    @Inject
    ResponseService responses;

    @Inject
    CampaignService campaigns;

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
        List<BatchResult.Outcome> results = new ArrayList<>();
        int submitted = 0;
        for (BatchRequest.Item item : request.responses()) {
            String siren = item == null ? null : item.siren();
            BatchResult.Outcome outcome;
            try {
                if (siren == null || siren.isBlank()) {
                    throw ProblemException.badRequest("siren is required");
                }
                int revision = QuarkusTransaction.requiringNew().call(() -> responses.submitComplete(code, siren, item.answers()));
                outcome = new BatchResult.Outcome(siren, BatchResult.Status.SUBMITTED, revision, null, null);
                submitted++;
            } catch (ProblemException e) {
                BatchResult.Status status = switch (e.status()) {
                    case 404 -> BatchResult.Status.NOT_FOUND;
                    case 409 -> BatchResult.Status.CONFLICT;
                    default -> BatchResult.Status.INVALID;
                };
                outcome = new BatchResult.Outcome(siren, status, null, e.detail(), e.errors());
            } catch (RuntimeException e) {
                // one authority's unexpected failure must not cost the others their outcome
                Log.errorf(e, "Batch item %s of campaign %s failed", siren, code);
                outcome = new BatchResult.Outcome(siren, BatchResult.Status.FAILED, null,
                        "Unexpected failure; nothing was stored for this SIREN: submit it again", null);
            }
            results.add(outcome);
        }
        return new BatchResult(submitted, results.size() - submitted, results);
    }
}
