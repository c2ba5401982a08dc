package fr.barometre.survey.registry;

import fr.barometre.survey.api.Page;
import fr.barometre.survey.audit.Journal;
import fr.barometre.survey.problem.FieldError;
import fr.barometre.survey.problem.ProblemException;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The registry of authorities: search, admin creation and edits, imports. */
@ApplicationScoped
@Transactional
public class RegistryService {

    private static final Pattern CODE = Pattern.compile("[0-9AB]{2,3}");
    private static final Pattern INSEE = Pattern.compile("[0-9][0-9AB][0-9]{3}");

    @Inject
    CollectivityRepository collectivities;

    @Inject
    RegistryImporter importer;

    @Inject
    Journal journal;

    public Page<CollectivityView> search(String q, CollectivityKind kind, String departement, Network network,
                                         int page, int size) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (q != null && !q.isBlank()) {
            where.append(" and searchName like :q");
            params.and("q", "%" + Names.searchable(q) + "%");
        }
        if (kind != null) {
            where.append(" and kind = :kind");
            params.and("kind", kind);
        }
        if (departement != null && !departement.isBlank()) {
            where.append(" and departement = :departement");
            params.and("departement", departement.trim().toUpperCase());
        }
        if (network != null) {
            where.append(" and array_contains(networks, :network)");
            params.and("network", network.name());
        }
        var query = collectivities.find(where.toString(), Sort.by("searchName").and("siren"), params);
        List<CollectivityView> items = query.page(page, size).stream().map(CollectivityView::of).toList();
        return new Page<>(items, page, size, query.count());
    }

    public Optional<CollectivityView> find(String siren) {
        return collectivities.findByIdOptional(siren).map(CollectivityView::of);
    }

    public CollectivityView create(NewCollectivity request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.siren() == null || !Siren.isValid(request.siren())) {
            errors.add(FieldError.ofField("siren", "must be 9 digits with a valid checksum (Luhn)"));
        }
        if (request.name() == null || request.name().isBlank()) {
            errors.add(FieldError.ofField("name", "is required"));
        } else if (request.name().length() > 255) {
            errors.add(FieldError.ofField("name", "must be at most 255 characters"));
        }
        if (request.kind() == null) {
            errors.add(FieldError.ofField("kind", "is required"));
        }
        if (request.inseeCode() != null && !request.inseeCode().isEmpty() && !INSEE.matcher(request.inseeCode()).matches()) {
            errors.add(FieldError.ofField("inseeCode", "must be a 5-character INSEE code"));
        }
        checkPopulation(request.population(), errors);
        if (request.departement() != null && !CODE.matcher(request.departement()).matches()) {
            errors.add(FieldError.ofField("departement", "must be a département code such as 69, 2A or 971"));
        }
        if (request.region() != null && !CODE.matcher(request.region()).matches()) {
            errors.add(FieldError.ofField("region", "must be a région code such as 84"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The authority has " + errors.size() + " problem(s)", errors);
        }
        if (collectivities.findByIdOptional(request.siren()).isPresent()) {
            throw ProblemException.conflict("An authority with SIREN " + request.siren() + " already exists");
        }
        Collectivity c = new Collectivity();
        c.siren = request.siren();
        c.inseeCode = request.inseeCode() == null || request.inseeCode().isEmpty() ? null : request.inseeCode();
        c.setName(request.name().trim());
        c.kind = request.kind();
        c.setPopulation(request.population());
        c.departement = request.departement();
        c.region = request.region();
        c.setNetworks(request.networks() == null ? Set.of() : request.networks());
        c.createdAt = Instant.now();
        c.updatedAt = c.createdAt;
        collectivities.persist(c);
        journal.record("collectivity.created", target(c.siren), null, null);
        return CollectivityView.of(c);
    }

    public Optional<CollectivityView> update(String siren, CollectivityPatch patch) {
        List<FieldError> errors = new ArrayList<>();
        checkPopulation(patch.population(), errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The change has " + errors.size() + " problem(s)", errors);
        }
        return collectivities.findByIdOptional(siren).map(c -> {
            if (patch.networks() != null) {
                c.setNetworks(patch.networks());
            }
            if (patch.population() != null) {
                c.setPopulation(patch.population());
            }
            c.updatedAt = Instant.now();
            journal.record("collectivity.updated", target(siren), null, Map.of("fields", fields(patch)));
            return CollectivityView.of(c);
        });
    }

    /** Upserts the authorities of the Etalab files; managed by the importer's own transaction. */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public ImportReport importEtalab(InputStream communes, InputStream epci) {
        EtalabMapping.Result mapped;
        try {
            mapped = EtalabMapping.mapWithReport(communes, epci);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(e.getMessage(), List.of(FieldError.ofField("communes/epci", e.getMessage())));
        }
        return importer.importEntries(mapped.entries(), mapped.skippedSirens().size());
    }

    private static String target(String siren) {
        return "collectivity:" + siren;
    }

    /** The names of the fields a patch changes (those it carries), for the journal: never their values. */
    private static List<String> fields(CollectivityPatch patch) {
        List<String> fields = new ArrayList<>();
        if (patch.networks() != null) {
            fields.add("networks");
        }
        if (patch.population() != null) {
            fields.add("population");
        }
        return fields;
    }

    private static void checkPopulation(Integer population, List<FieldError> errors) {
        if (population != null && population < 0) {
            errors.add(FieldError.ofField("population", "must be 0 or more"));
        }
    }
}
