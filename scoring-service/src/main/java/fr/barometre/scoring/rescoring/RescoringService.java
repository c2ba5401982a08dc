package fr.barometre.scoring.rescoring;

import fr.barometre.scoring.assessment.AssessmentRepository;
import fr.barometre.scoring.assessment.AssessmentService;
import fr.barometre.scoring.audit.Journal;
import fr.barometre.scoring.ingest.SubmissionIngest;
import fr.barometre.scoring.ingest.SubmissionMessage;
import fr.barometre.scoring.ingest.SubmissionRepository;
import fr.barometre.scoring.model.ModelDefinition;
import fr.barometre.scoring.model.ModelService;
import fr.barometre.scoring.observability.Traces;
import fr.barometre.scoring.problem.FieldError;
import fr.barometre.scoring.problem.ProblemException;
import fr.barometre.scoring.questionnaire.QuestionnaireStore;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Rescoring jobs: each authority's current revision gets a new assessment under the job's model,
 * a chunk of authorities per transaction, the job's cursor and progress moving in the same
 * transaction — a restart resumes where the last committed chunk ended. A chunk is set-based: its
 * authorities locked in one statement, their newest submissions and last versions read in one query,
 * scored in Java, the assessments and their facts written in one statement each.
 */
@ApplicationScoped
public class RescoringService {

    @Inject
    RescoringJobRepository jobs;

    @Inject
    SubmissionRepository submissions;

    @Inject
    SubmissionIngest received;

    @Inject
    ModelService models;

    @Inject
    AssessmentService assessments;

    @Inject
    QuestionnaireStore questionnaires;

    @Inject
    Clock clock;

    @Inject
    RescoringConfig config;

    @Inject
    Traces traces;

    @Inject
    Journal journal;

    /** What the system names as the actor of a job's end in the journal. */
    static final String JOB = "rescoring job";

    /** Starts a job; from now on new submissions of the campaign are scored under the model too. */
    public JobView start(String campaign, RescoringRequest request) {
        if (request == null || request.model() == null || request.model().isBlank()) {
            throw ProblemException.invalid(FieldError.ofField("model", "is required"));
        }
        if (models.definition(request.model()).isEmpty()) {
            throw ProblemException.invalid(FieldError.ofField("model", "no model " + request.model()));
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            jobs.lockCampaign(campaign);
            if (jobs.running(campaign)) {
                throw ProblemException.conflict("A rescoring of campaign " + campaign + " is running; wait for it to end");
            }
            Instant now = clock.instant();
            long total = submissions.authorities(campaign);
            models.assign(campaign, request.model());
            RescoringJob job = new RescoringJob();
            job.id = UUID.randomUUID();
            job.campaignCode = campaign;
            job.modelId = request.model();
            job.total = (int) total;
            job.state = job.total == 0 ? RescoringJob.State.DONE : RescoringJob.State.RUNNING;
            job.createdAt = now;
            job.updatedAt = now;
            job.finishedAt = job.total == 0 ? now : null;
            jobs.persist(job);
            journal.record("rescoring.started", target(job), null, Map.of("campaign", campaign, "model", job.modelId, "total", job.total));
            if (job.state == RescoringJob.State.DONE) {
                finished(job);
            }
            return JobView.of(job);
        });
    }

    public Optional<JobView> find(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> jobs.findByIdOptional(id).map(JobView::of));
    }

    @Scheduled(every = "${scoring.rescoring.interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        while (workOneChunk()) {
            // until no running job is left
        }
    }

    /** Rescores one chunk of one running job; false when no job has work left. */
    public boolean workOneChunk() {
        UUID[] working = new UUID[1];
        try {
            return QuarkusTransaction.requiringNew().call(() -> chunk(working));
        } catch (ProblemException e) {
            // survey-service cannot answer for a questionnaire: the chunk rolled back, the job waits
            Log.warnf("Rescoring paused: %s", e.detail());
            return false;
        } catch (RuntimeException e) {
            // anything else would fail again at every try: the job stops, saying why
            if (working[0] != null) {
                fail(working[0], e);
            }
            Log.errorf(e, "Rescoring job %s failed", working[0]);
            return working[0] != null;
        }
    }

    private void fail(UUID id, RuntimeException cause) {
        QuarkusTransaction.requiringNew().run(() -> {
            RescoringJob job = jobs.findById(id);
            job.state = RescoringJob.State.FAILED;
            job.error = cause.getClass().getSimpleName() + ": " + cause.getMessage();
            job.updatedAt = clock.instant();
            job.finishedAt = job.updatedAt;
            journal.recordBySystem(JOB, "rescoring.failed", target(job), null, Map.of("campaign", job.campaignCode,
                    "model", job.modelId, "done", job.done, "total", job.total, "error", job.error));
        });
    }

    private boolean chunk(UUID[] working) {
        Optional<RescoringJob> claimed = jobs.claimRunning();
        if (claimed.isEmpty()) {
            return false;
        }
        RescoringJob job = claimed.get();
        working[0] = job.id;
        ModelDefinition model = models.definition(job.modelId).orElseThrow();
        List<String> sirens = submissions.authoritiesAfter(job.campaignCode, job.cursorSiren, job.createdAt, config.chunkSize());
        assessments.lockAuthorities(sirens.stream().map(siren -> AssessmentRepository.lockKey(job.campaignCode, siren)).toList());
        String traceparent = traces.current().orElse(null);
        List<AssessmentService.Assessing> work = new ArrayList<>(sirens.size());
        for (SubmissionRepository.Newest newest : submissions.newestOf(job.campaignCode, sirens)) {
            SubmissionMessage current = received.read(newest.payload());
            work.add(new AssessmentService.Assessing(current, questionnaires.get(current.campaign(), current.questionnaireVersion()),
                    job.modelId, model, newest.lastVersion() + 1, traceparent));
        }
        assessments.assessAll(work);
        if (!sirens.isEmpty()) {
            job.cursorSiren = sirens.get(sirens.size() - 1);
            job.done += sirens.size();
        }
        Instant now = clock.instant();
        job.updatedAt = now;
        if (sirens.size() < config.chunkSize()) {
            job.state = RescoringJob.State.DONE;
            job.finishedAt = now;
            finished(job);
            Log.infof("Rescoring %s of campaign %s under %s done: %d authorities", job.id, job.campaignCode, job.modelId, job.done);
        }
        return true;
    }

    /** The job's end, journaled by the system in the transaction of its last chunk. */
    private void finished(RescoringJob job) {
        journal.recordBySystem(JOB, "rescoring.finished", target(job), null,
                Map.of("campaign", job.campaignCode, "model", job.modelId, "done", job.done));
    }

    private static String target(RescoringJob job) {
        return "rescoring:" + job.id;
    }
}
