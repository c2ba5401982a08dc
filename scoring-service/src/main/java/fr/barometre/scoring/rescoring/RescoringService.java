package fr.barometre.scoring.rescoring;

import fr.barometre.scoring.assessment.AssessmentService;
import fr.barometre.scoring.assessment.SubmissionMessage;
import fr.barometre.scoring.model.ModelDefinition;
import fr.barometre.scoring.model.ModelService;
import fr.barometre.scoring.problem.FieldError;
import fr.barometre.scoring.problem.ProblemException;
import fr.barometre.scoring.questionnaire.QuestionnaireStore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Rescoring jobs: each authority's current revision gets a new assessment under the job's model,
 * a chunk of authorities per transaction, the job's cursor and progress moving in the same
 * transaction — a restart resumes where the last committed chunk ended.
 */
@ApplicationScoped
public class RescoringService {

    @Inject
    EntityManager em;

    @Inject
    ModelService models;

    @Inject
    AssessmentService assessments;

    @Inject
    QuestionnaireStore questionnaires;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @ConfigProperty(name = "scoring.rescoring.chunk-size", defaultValue = "200")
    int chunkSize;

    /** Starts a job; from now on new submissions of the campaign are scored under the model too. */
    public JobView start(String campaign, RescoringRequest request) {
        if (request == null || request.model() == null || request.model().isBlank()) {
            throw ProblemException.invalid(FieldError.ofField("model", "is required"));
        }
        if (models.definition(request.model()).isEmpty()) {
            throw ProblemException.invalid(FieldError.ofField("model", "no model " + request.model()));
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            em.createNativeQuery("select pg_advisory_xact_lock(hashtext(?1))").setParameter(1, "rescoring:" + campaign).getSingleResult();
            Number running = (Number) em.createNativeQuery("select count(*) from rescoring_job where campaign_code = ?1 and state = 'RUNNING'")
                    .setParameter(1, campaign).getSingleResult();
            if (running.longValue() > 0) {
                throw ProblemException.conflict("A rescoring of campaign " + campaign + " is running; wait for it to end");
            }
            Instant now = clock.instant();
            Number total = (Number) em.createNativeQuery("select count(distinct siren) from submission where campaign_code = ?1")
                    .setParameter(1, campaign).getSingleResult();
            em.createNativeQuery("""
                            insert into campaign_model (campaign_code, model_id, updated_at) values (?1, ?2, now())
                            on conflict (campaign_code) do update set model_id = excluded.model_id, updated_at = now()""")
                    .setParameter(1, campaign).setParameter(2, request.model()).executeUpdate();
            RescoringJob job = new RescoringJob();
            job.id = UUID.randomUUID();
            job.campaignCode = campaign;
            job.modelId = request.model();
            job.total = total.intValue();
            job.state = job.total == 0 ? RescoringJob.State.DONE : RescoringJob.State.RUNNING;
            job.createdAt = now;
            job.updatedAt = now;
            job.finishedAt = job.total == 0 ? now : null;
            em.persist(job);
            return JobView.of(job);
        });
    }

    public Optional<JobView> find(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> Optional.ofNullable(em.find(RescoringJob.class, id)).map(JobView::of));
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
            RescoringJob job = em.find(RescoringJob.class, id);
            job.state = RescoringJob.State.FAILED;
            job.error = cause.getClass().getSimpleName() + ": " + cause.getMessage();
            job.updatedAt = clock.instant();
            job.finishedAt = job.updatedAt;
        });
    }

    private boolean chunk(UUID[] working) {
        @SuppressWarnings("unchecked")
        List<RescoringJob> jobs = em.createNativeQuery("""
                        select * from rescoring_job where state = 'RUNNING'
                        order by created_at limit 1 for update skip locked""", RescoringJob.class).getResultList();
        if (jobs.isEmpty()) {
            return false;
        }
        RescoringJob job = jobs.get(0);
        working[0] = job.id;
        ModelDefinition model = models.definition(job.modelId).orElseThrow();
        @SuppressWarnings("unchecked")
        List<String> sirens = em.createNativeQuery("""
                        select siren from submission
                        where campaign_code = ?1 and siren > ?2
                        group by siren having min(received_at) <= ?3
                        order by siren limit ?4""")
                .setParameter(1, job.campaignCode)
                .setParameter(2, job.cursorSiren == null ? "" : job.cursorSiren)
                .setParameter(3, job.createdAt)
                .setParameter(4, chunkSize)
                .getResultList();
        for (String siren : sirens) {
            assessments.lockAuthority(job.campaignCode, siren);
            String payload = (String) em.createNativeQuery("""
                            select payload::text from submission where campaign_code = ?1 and siren = ?2
                            order by revision desc limit 1""")
                    .setParameter(1, job.campaignCode).setParameter(2, siren).getSingleResult();
            SubmissionMessage current = read(payload);
            assessments.assess(current, questionnaires.get(current.campaign(), current.questionnaireVersion()), job.modelId, model);
            job.cursorSiren = siren;
            job.done++;
        }
        Instant now = clock.instant();
        job.updatedAt = now;
        if (sirens.size() < chunkSize) {
            job.state = RescoringJob.State.DONE;
            job.finishedAt = now;
            Log.infof("Rescoring %s of campaign %s under %s done: %d authorities", job.id, job.campaignCode, job.modelId, job.done);
        }
        return true;
    }

    private SubmissionMessage read(String payload) {
        try {
            return json.readValue(payload, SubmissionMessage.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A kept submission cannot be read", e);
        }
    }
}
