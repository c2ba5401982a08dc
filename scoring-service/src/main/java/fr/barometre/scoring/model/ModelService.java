package fr.barometre.scoring.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.scoring.audit.Journal;
import fr.barometre.scoring.problem.FieldError;
import fr.barometre.scoring.problem.ProblemException;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Scoring models are data: created, read, never changed. */
@ApplicationScoped
@Transactional
public class ModelService {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    @Inject
    ModelRepository models;

    @Inject
    CampaignModelRepository campaigns;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @Inject
    Journal journal;

    /** Immutable models, parsed once. */
    private final Map<String, ModelDefinition> definitions = new ConcurrentHashMap<>();

    public List<ModelView> list() {
        return models.listAll(Sort.by("id")).stream().map(this::view).toList();
    }

    public Optional<ModelView> find(String id) {
        return models.findByIdOptional(id).map(this::view);
    }

    public Optional<ModelDefinition> definition(String id) {
        ModelDefinition cached = definitions.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        return models.findByIdOptional(id).map(m -> definitions.computeIfAbsent(id, k -> read(m)));
    }

    /** The model a campaign is scored under: the default until a rescoring names another. */
    public String forCampaign(String campaign) {
        return campaigns.findByIdOptional(campaign).map(c -> c.modelId).orElse(ScoringModel.DEFAULT_ID);
    }

    /**
     * From now on the campaign is scored under the model (its new submissions, and the rescoring
     * starting). The caller serializes the changes of one campaign.
     */
    public void assign(String campaign, String modelId) {
        CampaignModel chosen = campaigns.findById(campaign);
        if (chosen == null) {
            chosen = new CampaignModel();
            chosen.campaignCode = campaign;
        }
        chosen.modelId = modelId;
        chosen.updatedAt = clock.instant();
        campaigns.persist(chosen);
    }

    public ModelView create(NewModel request) {
        if (request.id() == null || !ID.matcher(request.id()).matches()) {
            throw ProblemException.invalid(FieldError.ofField("id", "must be 1 to 64 lower-case letters, digits, '.', '-' or '_'"));
        }
        ModelDefinition base = definition(ScoringModel.DEFAULT_ID).orElseThrow();
        ModelDefinition definition = new ModelDefinition(request.itemWeights(), request.themeWeights(),
                // absent or empty (generated clients send empty lists): barometre-v1's bands
                request.bands() == null || request.bands().isEmpty() ? base.bands() : request.bands(),
                request.engagedLevel() == null ? base.engagedLevel() : request.engagedLevel());
        List<FieldError> errors = ModelRules.check(definition);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The model cannot be computed: " + errors.size() + " problem(s)", errors);
        }
        if (models.findByIdOptional(request.id()).isPresent()) {
            throw ProblemException.conflict("Model " + request.id() + " exists and is immutable: give the change a new id");
        }
        ScoringModel model = new ScoringModel();
        model.id = request.id();
        model.definition = write(definition);
        model.createdAt = clock.instant();
        models.persist(model);
        journal.record("model.created", "model:" + model.id, null, null);
        return view(model);
    }

    private ModelView view(ScoringModel m) {
        ModelDefinition d = definition(m.id).orElseGet(() -> read(m));
        return new ModelView(m.id, d.itemWeights(), d.themeWeights(), d.bands(), d.engagedLevel(), m.createdAt);
    }

    private ModelDefinition read(ScoringModel m) {
        try {
            return json.readValue(m.definition, ModelDefinition.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Model " + m.id + " cannot be read", e);
        }
    }

    private String write(ModelDefinition d) {
        try {
            return json.writeValueAsString(d);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
