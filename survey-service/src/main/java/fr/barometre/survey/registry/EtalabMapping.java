package fr.barometre.survey.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.survey.problem.StorableText;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Turns the Etalab "découpage administratif" files (communes.json, epci.json) into registry
 * entries, and reads/writes the compact file the product ships
 * ({@code registry/collectivities.csv.gz}).
 *
 * <h2>Mapping</h2>
 * <ul>
 *   <li>each {@code commune-actuelle} with a SIREN is a {@link CollectivityKind#COMMUNE};
 *       délégées, associées and arrondissements municipaux are not authorities of their own;</li>
 *   <li>each EPCI is mapped by its type ({@code CC}, {@code CA}, {@code CU}, {@code METRO} and
 *       {@code MET69} – the Métropole de Lyon); its département is the one most of its member
 *       communes belong to (ties: the smallest département code), its région that of those
 *       member communes;</li>
 *   <li>entries whose SIREN fails {@link Siren#isValid} are skipped; the result is ordered by
 *       SIREN.</li>
 * </ul>
 *
 * <h2>Compact format</h2>
 * gzip-compressed UTF-8 text, lines ended by {@code \n}; first line the header
 * {@value #HEADER}; then one line per entry, fields separated by {@code ;}, an empty field for
 * null, the networks joined by {@code ,} (in enum order), the kind as its enum name.
 * Inside a field, {@code \} is written {@code \\}, {@code ;} is written {@code \;}, a line feed
 * {@code \n}, a carriage return {@code \r}, and an empty (not null) string {@code \e}. The
 * Etalab 6.0.0 names contain none of these characters, but the round trip is exact anyway.
 */
public final class EtalabMapping {

    /** Header line of the compact format. */
    public static final String HEADER = "siren;insee;name;kind;population;departement;region;networks";

    private static final int FIELDS = 8;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> COMMUNE_TYPES =
            Set.of("commune-actuelle", "commune-deleguee", "commune-associee", "arrondissement-municipal");
    private static final Map<String, CollectivityKind> EPCI_KINDS = Map.of(
            "CC", CollectivityKind.EPCI_CC,
            "CA", CollectivityKind.EPCI_CA,
            "CU", CollectivityKind.EPCI_CU,
            "METRO", CollectivityKind.METROPOLE,
            "MET69", CollectivityKind.METROPOLE);

    private EtalabMapping() {
    }

    /**
     * What a mapping produced.
     *
     * @param entries       the valid entries, ordered by SIREN
     * @param communes      how many of them are communes
     * @param epcis         how many of them are EPCI
     * @param skippedSirens the SIRENs left out because their checksum is invalid
     */
    public record Result(List<RegistryEntry> entries, int communes, int epcis, List<String> skippedSirens) {
        public Result {
            entries = List.copyOf(entries);
            skippedSirens = List.copyOf(skippedSirens);
        }
    }

    /**
     * Maps the two Etalab files (read fully, not closed).
     *
     * @return the valid entries, ordered by SIREN
     * @throws IllegalArgumentException when a file is not JSON, or not an array of objects of the
     *                                  expected shape (e.g. the wrong file)
     */
    public static List<RegistryEntry> map(InputStream communesJson, InputStream epciJson) {
        return mapWithReport(communesJson, epciJson).entries();
    }

    /** Same as {@link #map}, with the counts and the skipped SIRENs. */
    public static Result mapWithReport(InputStream communesJson, InputStream epciJson) {
        JsonNode communes = readArray(communesJson, "communes");
        JsonNode epcis = readArray(epciJson, "EPCI");

        List<RegistryEntry> entries = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Map<String, Place> placeByInsee = new HashMap<>();
        int communeCount = 0;

        int index = 0;
        for (JsonNode commune : communes) {
            String where = "communes[" + index++ + "]";
            requireObject(commune, where);
            String code = requiredText(commune, "code", where);
            String type = requiredText(commune, "type", where);
            if (!COMMUNE_TYPES.contains(type)) {
                throw new IllegalArgumentException(where + " (" + code + "): unknown commune type '" + type
                        + "', expected one of " + COMMUNE_TYPES + " – is this really communes.json?");
            }
            if (!"commune-actuelle".equals(type)) {
                continue;
            }
            String departement = requiredText(commune, "departement", where);
            String region = requiredText(commune, "region", where);
            placeByInsee.put(code, new Place(departement, region));
            String siren = optionalText(commune, "siren", where);
            if (siren == null || siren.isBlank()) {
                continue;
            }
            if (!Siren.isValid(siren)) {
                skipped.add(siren);
                continue;
            }
            entries.add(new RegistryEntry(siren, code, requiredText(commune, "nom", where),
                    CollectivityKind.COMMUNE, optionalInt(commune, "population", where),
                    departement, region, Set.of()));
            communeCount++;
        }

        int epciCount = 0;
        index = 0;
        for (JsonNode epci : epcis) {
            String where = "epci[" + index++ + "]";
            requireObject(epci, where);
            String siren = requiredText(epci, "code", where);
            String type = requiredText(epci, "type", where);
            CollectivityKind kind = EPCI_KINDS.get(type);
            if (kind == null) {
                throw new IllegalArgumentException(where + " (" + siren + "): unknown EPCI type '" + type
                        + "', expected one of " + EPCI_KINDS.keySet() + " – is this really epci.json?");
            }
            String name = requiredText(epci, "nom", where);
            Integer population = optionalInt(epci, "populationMunicipale", where);
            JsonNode members = epci.get("membres");
            if (members == null || !members.isArray()) {
                throw new IllegalArgumentException(where + " (" + siren + "): 'membres' must be an array"
                        + " – is this really epci.json?");
            }
            List<Place> memberPlaces = new ArrayList<>();
            int m = 0;
            for (JsonNode member : members) {
                String memberWhere = where + ".membres[" + m++ + "]";
                requireObject(member, memberWhere);
                Place place = placeByInsee.get(requiredText(member, "code", memberWhere));
                if (place != null) {
                    memberPlaces.add(place);
                }
            }
            if (!Siren.isValid(siren)) {
                skipped.add(siren);
                continue;
            }
            Place place = majority(memberPlaces);
            entries.add(new RegistryEntry(siren, null, name, kind, population,
                    place == null ? null : place.departement(), place == null ? null : place.region(), Set.of()));
            epciCount++;
        }

        entries.sort(Comparator.comparing(RegistryEntry::siren));
        return new Result(entries, communeCount, epciCount, skipped);
    }

    /**
     * The département most places are in (ties: the smallest code), with the région of the first
     * place in it; null when there are no places.
     */
    private static Place majority(List<Place> places) {
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, String> regions = new HashMap<>();
        for (Place place : places) {
            counts.merge(place.departement(), 1, Integer::sum);
            regions.putIfAbsent(place.departement(), place.region());
        }
        String best = null;
        int bestCount = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) { // ascending codes: first wins ties
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return best == null ? null : new Place(best, regions.get(best));
    }

    private record Place(String departement, String region) {
    }

    private static JsonNode readArray(InputStream in, String what) {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The " + what + " file is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || root.isMissingNode() || !root.isArray()) {
            throw new IllegalArgumentException("The " + what + " file must be a JSON array of objects, found "
                    + (root == null || root.isMissingNode() ? "nothing" : root.getNodeType().toString().toLowerCase()));
        }
        return root;
    }

    private static void requireObject(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " must be a JSON object, found "
                    + node.getNodeType().toString().toLowerCase());
        }
    }

    private static String requiredText(JsonNode node, String field, String where) {
        String value = optionalText(node, field, where);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(where + ": missing '" + field + "'");
        }
        return value;
    }

    private static String optionalText(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(where + ": '" + field + "' must be a string");
        }
        String flaw = StorableText.flaw(value.textValue());
        if (flaw != null) {
            throw new IllegalArgumentException(where + ": '" + field + "' contains " + flaw + ", which cannot be stored");
        }
        return value.textValue();
    }

    private static Integer optionalInt(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
            throw new IllegalArgumentException(where + ": '" + field + "' must be a non-negative integer");
        }
        return value.intValue();
    }

    // ---------------------------------------------------------------- compact format

    /** Writes the compact format (see the class comment); finishes the gzip stream, does not close {@code out}. */
    public static void writeCompact(List<RegistryEntry> entries, OutputStream out) {
        try {
            GZIPOutputStream gzip = new GZIPOutputStream(out);
            Writer writer = new OutputStreamWriter(gzip, StandardCharsets.UTF_8);
            writer.write(HEADER);
            writer.write('\n');
            StringBuilder line = new StringBuilder();
            for (RegistryEntry e : entries) {
                line.setLength(0);
                field(line, e.siren()).append(';');
                field(line, e.inseeCode()).append(';');
                field(line, e.name()).append(';');
                field(line, e.kind() == null ? null : e.kind().name()).append(';');
                field(line, e.population() == null ? null : e.population().toString()).append(';');
                field(line, e.departement()).append(';');
                field(line, e.region()).append(';');
                field(line, e.networks().isEmpty() ? null
                        : e.networks().stream().sorted().map(Enum::name).collect(Collectors.joining(",")));
                writer.append(line).append('\n');
            }
            writer.flush();
            gzip.finish();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static StringBuilder field(StringBuilder line, String value) {
        if (value == null) {
            return line;
        }
        if (value.isEmpty()) {
            return line.append("\\e");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> line.append("\\\\");
                case ';' -> line.append("\\;");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                default -> line.append(c);
            }
        }
        return line;
    }

    /**
     * Reads the compact format (see the class comment); does not close {@code in}.
     *
     * @throws IllegalArgumentException when the content is not in that format
     */
    public static List<RegistryEntry> readCompact(InputStream in) {
        List<RegistryEntry> entries = new ArrayList<>();
        try {
            BufferedReader reader = new BufferedReader(
                    new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8));
            String header = reader.readLine();
            if (!HEADER.equals(header)) {
                throw new IllegalArgumentException("Not a compact registry file: the header must be '" + HEADER + "'");
            }
            int lineNumber = 1;
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isEmpty()) {
                    continue;
                }
                entries.add(parseLine(line, lineNumber));
            }
        } catch (java.util.zip.ZipException e) {
            throw new IllegalArgumentException("Not a compact registry file: not gzip-compressed", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    private static RegistryEntry parseLine(String line, int lineNumber) {
        List<String> fields = splitFields(line, lineNumber);
        if (fields.size() != FIELDS) {
            throw new IllegalArgumentException("Line " + lineNumber + ": " + fields.size() + " fields, expected " + FIELDS);
        }
        try {
            String kind = fields.get(3);
            String population = fields.get(4);
            String networks = fields.get(7);
            Set<Network> networkSet = EnumSet.noneOf(Network.class);
            if (networks != null) {
                for (String n : networks.split(",")) {
                    networkSet.add(Network.valueOf(n));
                }
            }
            return new RegistryEntry(fields.get(0), fields.get(1), fields.get(2),
                    kind == null ? null : CollectivityKind.valueOf(kind),
                    population == null ? null : Integer.valueOf(population),
                    fields.get(5), fields.get(6), networkSet);
        } catch (IllegalArgumentException e) { // bad enum name or number
            throw new IllegalArgumentException("Line " + lineNumber + ": " + e.getMessage(), e);
        }
    }

    /** Splits on unescaped ';' and unescapes; an empty field is null. */
    private static List<String> splitFields(String line, int lineNumber) {
        List<String> fields = new ArrayList<>(FIELDS);
        StringBuilder current = new StringBuilder();
        boolean emptyString = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ';') {
                fields.add(emptyString ? "" : current.isEmpty() ? null : current.toString());
                current.setLength(0);
                emptyString = false;
            } else if (c == '\\') {
                if (++i == line.length()) {
                    throw new IllegalArgumentException("Line " + lineNumber + ": dangling '\\'");
                }
                char escaped = line.charAt(i);
                switch (escaped) {
                    case '\\' -> current.append('\\');
                    case ';' -> current.append(';');
                    case 'n' -> current.append('\n');
                    case 'r' -> current.append('\r');
                    case 'e' -> emptyString = true;
                    default -> throw new IllegalArgumentException(
                            "Line " + lineNumber + ": unknown escape '\\" + escaped + "'");
                }
            } else {
                current.append(c);
            }
        }
        fields.add(emptyString ? "" : current.isEmpty() ? null : current.toString());
        return fields;
    }
}
