package fr.barometre.survey.registry;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EtalabMappingTest {

    // Real SIRENs, so that the samples read like the data.
    private static final String LYON = "216901231";
    private static final String ABERGEMENT = "210100012";
    private static final String METROPOLE_DE_LYON = "200046977";
    private static final String RENNES_METROPOLE = "243500139";

    // ---------------------------------------------------------------- communes

    @Test
    void communeActuelleIsMappedToACommune() {
        List<RegistryEntry> entries = map(array(
                commune("69123", "Lyon", "commune-actuelle", "69", "84", LYON, 519127)), array());

        assertEquals(List.of(new RegistryEntry(LYON, "69123", "Lyon", CollectivityKind.COMMUNE, 519127, "69", "84",
                Set.of())), entries);
    }

    @Test
    void aCommuneWithoutPopulationHasANullPopulation() {
        List<RegistryEntry> entries = map(array(
                commune("01001", "L'Abergement-Clémenciat", "commune-actuelle", "01", "84", ABERGEMENT, null)), array());

        assertNull(entries.get(0).population());
    }

    @Test
    void delegatedAndAssociatedCommunesAndMunicipalArrondissementsAreIgnored() {
        List<RegistryEntry> entries = map(array(
                commune("01001", "L'Abergement-Clémenciat", "commune-actuelle", "01", "84", ABERGEMENT, 860),
                commune("01015", "Arbignieu", "commune-deleguee", "01", "84", luhn("21010015"), 500),
                commune("01120", "Associée", "commune-associee", "01", "84", luhn("21011200"), 100),
                commune("69381", "Lyon 1er Arrondissement", "arrondissement-municipal", "69", "84", luhn("21693810"), 30000)),
                array());

        assertEquals(List.of(ABERGEMENT), sirens(entries));
    }

    @Test
    void aCommuneWithoutSirenIsIgnored() {
        List<RegistryEntry> entries = map(array(
                commune("01001", "L'Abergement-Clémenciat", "commune-actuelle", "01", "84", ABERGEMENT, 860),
                commune("97502", "Saint-Pierre", "commune-actuelle", "975", "975", null, 5500),
                commune("98611", "Alo", "commune-actuelle", "986", "986", " ", 1900)),
                array());

        assertEquals(List.of(ABERGEMENT), sirens(entries));
    }

    // ---------------------------------------------------------------- EPCI

    @Test
    void ccCaAndCuAreMappedToTheirEpciKinds() {
        Map<String, RegistryEntry> bySiren = bySiren(map(array(
                commune("01001", "L'Abergement-Clémenciat", "commune-actuelle", "01", "84", ABERGEMENT, 860)),
                array(epci(luhn("20000001"), "CC Un", "CC", 1000, "01001"),
                        epci(luhn("20000002"), "CA Deux", "CA", 2000, "01001"),
                        epci(luhn("20000003"), "CU Trois", "CU", 3000, "01001"))));

        assertEquals(CollectivityKind.EPCI_CC, bySiren.get(luhn("20000001")).kind());
        assertEquals(CollectivityKind.EPCI_CA, bySiren.get(luhn("20000002")).kind());
        assertEquals(CollectivityKind.EPCI_CU, bySiren.get(luhn("20000003")).kind());
    }

    @Test
    void metroIsAMetropole() {
        RegistryEntry rennes = bySiren(map(array(
                commune("35238", "Rennes", "commune-actuelle", "35", "53", luhn("21350238"), 227830)),
                array(epci(RENNES_METROPOLE, "Rennes Métropole", "METRO", 473973, "35238")))).get(RENNES_METROPOLE);

        assertEquals(new RegistryEntry(RENNES_METROPOLE, null, "Rennes Métropole", CollectivityKind.METROPOLE, 473973,
                "35", "53", Set.of()), rennes);
    }

    @Test
    void met69IsAMetropole() {
        RegistryEntry metropole = bySiren(map(array(
                commune("69123", "Lyon", "commune-actuelle", "69", "84", LYON, 519127)),
                array(epci(METROPOLE_DE_LYON, "Métropole de Lyon", "MET69", 1433613, "69123"))))
                .get(METROPOLE_DE_LYON);

        assertEquals(CollectivityKind.METROPOLE, metropole.kind());
        assertNull(metropole.inseeCode());
        assertEquals(1433613, metropole.population());
        assertEquals("69", metropole.departement());
        assertEquals("84", metropole.region());
    }

    @Test
    void epciDepartementIsTheOneMostMembersBelongTo() {
        String siren = luhn("20000004");
        RegistryEntry epci = bySiren(map(array(
                commune("01001", "Ain Un", "commune-actuelle", "01", "84", ABERGEMENT, 100),
                commune("71001", "Saône Un", "commune-actuelle", "71", "27", luhn("21710001"), 100),
                commune("71002", "Saône Deux", "commune-actuelle", "71", "27", luhn("21710002"), 100)),
                // the first member is in the minority département
                array(epci(siren, "CC Interdépartementale", "CC", 300, "01001", "71001", "71002")))).get(siren);

        assertEquals("71", epci.departement());
        assertEquals("27", epci.region());
    }

    @Test
    void aTieBetweenDepartementsGoesToTheSmallestCode() {
        String siren = luhn("20000005");
        RegistryEntry epci = bySiren(map(array(
                commune("2B001", "Haute-Corse Un", "commune-actuelle", "2B", "94", luhn("21200101"), 100),
                commune("2A001", "Corse-du-Sud Un", "commune-actuelle", "2A", "94", luhn("21200102"), 100),
                commune("38001", "Isère Un", "commune-actuelle", "38", "84", luhn("21380001"), 100),
                commune("05001", "Hautes-Alpes Un", "commune-actuelle", "05", "93", luhn("21050001"), 100)),
                array(epci(siren, "CC Égalité", "CC", 400, "38001", "2B001", "05001", "2A001")))).get(siren);

        assertEquals("05", epci.departement());
        assertEquals("93", epci.region());
    }

    @Test
    void aTieBetweenCorsicanDepartementsGoesTo2A() {
        String siren = luhn("20000006");
        RegistryEntry epci = bySiren(map(array(
                commune("2B001", "Haute-Corse Un", "commune-actuelle", "2B", "94", luhn("21200101"), 100),
                commune("2A001", "Corse-du-Sud Un", "commune-actuelle", "2A", "94", luhn("21200102"), 100)),
                array(epci(siren, "CC Corse", "CC", 200, "2B001", "2A001")))).get(siren);

        assertEquals("2A", epci.departement());
    }

    @Test
    void anEpciWhoseMembersAreUnknownHasNoDepartementNorRegion() {
        String siren = luhn("20000007");
        RegistryEntry epci = bySiren(map(array(),
                array(epci(siren, "CC Inconnue", "CC", 100, "99999")))).get(siren);

        assertNull(epci.departement());
        assertNull(epci.region());
    }

    // ---------------------------------------------------------------- validity, order

    @Test
    void entriesWithAnInvalidSirenAreSkippedAndReported() {
        EtalabMapping.Result result = EtalabMapping.mapWithReport(
                stream(array(
                        commune("69123", "Lyon", "commune-actuelle", "69", "84", "216901232", 519127),
                        commune("01001", "L'Abergement-Clémenciat", "commune-actuelle", "01", "84", ABERGEMENT, 860))),
                stream(array(
                        epci("200046978", "Métropole de Lyon", "MET69", 1433613, "69123"),
                        epci(RENNES_METROPOLE, "Rennes Métropole", "METRO", 473973))));

        assertEquals(List.of(ABERGEMENT, RENNES_METROPOLE), sirens(result.entries()));
        assertEquals(1, result.communes());
        assertEquals(1, result.epcis());
        assertEquals(List.of("216901232", "200046978"), result.skippedSirens());
    }

    @Test
    void entriesAreOrderedBySiren() {
        List<RegistryEntry> entries = map(array(
                commune("69123", "Lyon", "commune-actuelle", "69", "84", LYON, 519127),
                commune("01001", "L'Abergement-Clémenciat", "commune-actuelle", "01", "84", ABERGEMENT, 860)),
                array(epci(RENNES_METROPOLE, "Rennes Métropole", "METRO", 473973),
                        epci(METROPOLE_DE_LYON, "Métropole de Lyon", "MET69", 1433613, "69123")));

        assertEquals(List.of(METROPOLE_DE_LYON, ABERGEMENT, LYON, RENNES_METROPOLE), sirens(entries));
    }

    // ---------------------------------------------------------------- malformed input

    @Test
    void malformedJsonIsRejected() {
        assertRejected("[{\"code\": ", array());
        assertRejected(array(), "not json at all");
    }

    @Test
    void aFileThatIsNotAnArrayIsRejected() {
        assertRejected("{\"code\": \"01001\"}", array());
        assertRejected(array(), "\"epci\"");
        assertRejected("", array());
    }

    @Test
    void anArrayOfNonObjectsIsRejected() {
        assertRejected("[1, 2, 3]", array());
        assertRejected(array(), "[\"200046977\"]");
    }

    @Test
    void swappedFilesAreRejected() {
        String communes = array(commune("69123", "Lyon", "commune-actuelle", "69", "84", LYON, 519127));
        String epci = array(epci(METROPOLE_DE_LYON, "Métropole de Lyon", "MET69", 1433613, "69123"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> map(epci, communes));
        assertTrue(e.getMessage().contains("communes.json"), e.getMessage());
    }

    @Test
    void missingOrMistypedFieldsAreRejected() {
        assertRejected("[{\"nom\": \"Lyon\", \"type\": \"commune-actuelle\"}]", array());
        assertRejected("[{\"code\": \"69123\", \"nom\": \"Lyon\", \"type\": \"commune-actuelle\", \"departement\": \"69\","
                + " \"region\": \"84\", \"siren\": \"" + LYON + "\", \"population\": \"beaucoup\"}]", array());
        assertRejected(array(), "[{\"code\": \"" + METROPOLE_DE_LYON + "\", \"nom\": \"Métropole de Lyon\","
                + " \"type\": \"MET69\", \"populationMunicipale\": 1}]");
        assertRejected(array(), "[{\"code\": \"" + METROPOLE_DE_LYON + "\", \"nom\": \"Métropole de Lyon\","
                + " \"type\": \"SIVU\", \"populationMunicipale\": 1, \"membres\": []}]");
    }

    @Test
    void textTheDatabaseCannotKeepIsRejected() {
        IllegalArgumentException nul = assertThrows(IllegalArgumentException.class, () -> map(array(
                commune("69123", "Ly\\u0000on", "commune-actuelle", "69", "84", LYON, 519127)), array()));
        assertTrue(nul.getMessage().contains("U+0000"), nul.getMessage());
        assertRejected(array(commune("69123", "Lyon\\ud800", "commune-actuelle", "69", "84", LYON, 519127)), array());
        assertRejected(array(commune("69123", "Lyon", "commune-actuelle", "69", "84", LYON, 519127)),
                array(epci(METROPOLE_DE_LYON, "M\\u0000", "MET69", 1433613, "69123")));
    }

    // ---------------------------------------------------------------- compact format

    @Test
    void compactRoundTripIsExact() {
        List<RegistryEntry> entries = List.of(
                new RegistryEntry(METROPOLE_DE_LYON, null, "Métropole de Lyon", CollectivityKind.METROPOLE, 1433613,
                        "69", "84", EnumSet.of(Network.FRANCE_URBAINE, Network.INTERCOMMUNALITES_DE_FRANCE)),
                new RegistryEntry(LYON, "69123", "Lyon", CollectivityKind.COMMUNE, 519127, "69", "84",
                        Set.of(Network.INTERCONNECTES)),
                new RegistryEntry(luhn("20000008"), null, "Syndicat; \\mixte\\ \n\"ligne\"\r\\;\\n", CollectivityKind.OTHER,
                        null, null, null, Set.of()),
                new RegistryEntry(luhn("20000009"), "", "", CollectivityKind.DEPARTEMENT, 0, "2A", "94",
                        EnumSet.allOf(Network.class)),
                new RegistryEntry(luhn("20000010"), null, null, null, null, null, null, null));

        assertEquals(entries, EtalabMapping.readCompact(new ByteArrayInputStream(compact(entries))));
    }

    @Test
    void compactFormatStartsWithTheHeaderAndIsGzipped() throws Exception {
        byte[] bytes = compact(List.of(new RegistryEntry(LYON, "69123", "Lyon", CollectivityKind.COMMUNE, 519127,
                "69", "84", Set.of(Network.INTERCONNECTES, Network.FRANCE_URBAINE))));

        String text = new String(new java.util.zip.GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes(),
                StandardCharsets.UTF_8);
        assertEquals(EtalabMapping.HEADER + "\n" + LYON + ";69123;Lyon;COMMUNE;519127;69;84;INTERCONNECTES,FRANCE_URBAINE\n",
                text);
    }

    @Test
    void anEmptyCompactFileHasNoEntries() {
        assertEquals(List.of(), EtalabMapping.readCompact(new ByteArrayInputStream(compact(List.of()))));
    }

    @Test
    void aCompactFileWithoutTheHeaderIsRejected() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(out)) {
            gzip.write(("siren;name\n" + LYON + ";Lyon\n").getBytes(StandardCharsets.UTF_8));
        }

        assertThrows(IllegalArgumentException.class,
                () -> EtalabMapping.readCompact(new ByteArrayInputStream(out.toByteArray())));
    }

    @Test
    void aCompactFileThatIsNotGzippedIsRejected() {
        byte[] plain = (EtalabMapping.HEADER + "\n").getBytes(StandardCharsets.UTF_8);

        assertThrows(IllegalArgumentException.class,
                () -> EtalabMapping.readCompact(new ByteArrayInputStream(plain)));
    }

    @Test
    void aCompactLineWithTheWrongNumberOfFieldsIsRejected() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(out)) {
            gzip.write((EtalabMapping.HEADER + "\n" + LYON + ";69123;Lyon;COMMUNE\n").getBytes(StandardCharsets.UTF_8));
        }

        assertThrows(IllegalArgumentException.class,
                () -> EtalabMapping.readCompact(new ByteArrayInputStream(out.toByteArray())));
    }

    // ---------------------------------------------------------------- the shipped file

    @Test
    void theShippedRegistryHoldsEveryCommuneAndEpciWithValidSirens() throws Exception {
        List<RegistryEntry> entries;
        try (InputStream in = EtalabMappingTest.class.getResourceAsStream("/registry/collectivities.csv.gz")) {
            assertNotNull(in, "registry/collectivities.csv.gz is not on the classpath");
            entries = EtalabMapping.readCompact(in);
        }

        assertEquals(36_130, entries.size());
        assertTrue(entries.stream().allMatch(e -> Siren.isValid(e.siren())));
        assertEquals(entries.size(), entries.stream().map(RegistryEntry::siren).distinct().count());
        Map<CollectivityKind, Long> byKind = entries.stream()
                .collect(Collectors.groupingBy(RegistryEntry::kind, Collectors.counting()));
        assertEquals(34_875, byKind.get(CollectivityKind.COMMUNE));

        Map<String, RegistryEntry> bySiren = bySiren(entries);
        RegistryEntry lyon = bySiren.get(LYON);
        assertEquals(CollectivityKind.COMMUNE, lyon.kind());
        assertEquals("69123", lyon.inseeCode());
        assertEquals("69", lyon.departement());
        assertEquals("84", lyon.region());
        assertTrue(lyon.population() > 500_000, "population of Lyon: " + lyon.population());

        RegistryEntry metropoleDeLyon = bySiren.get(METROPOLE_DE_LYON);
        assertEquals(CollectivityKind.METROPOLE, metropoleDeLyon.kind());
        assertEquals("69", metropoleDeLyon.departement());

        RegistryEntry rennes = bySiren.get(RENNES_METROPOLE);
        assertEquals(CollectivityKind.METROPOLE, rennes.kind());
        assertEquals("35", rennes.departement());
    }

    // ---------------------------------------------------------------- helpers

    private static List<RegistryEntry> map(String communes, String epci) {
        return EtalabMapping.map(stream(communes), stream(epci));
    }

    private static void assertRejected(String communes, String epci) {
        assertThrows(IllegalArgumentException.class, () -> map(communes, epci));
    }

    private static byte[] compact(List<RegistryEntry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EtalabMapping.writeCompact(entries, out);
        return out.toByteArray();
    }

    private static InputStream stream(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> sirens(List<RegistryEntry> entries) {
        return entries.stream().map(RegistryEntry::siren).toList();
    }

    private static Map<String, RegistryEntry> bySiren(List<RegistryEntry> entries) {
        return entries.stream().collect(Collectors.toMap(RegistryEntry::siren, Function.identity()));
    }

    private static String array(String... objects) {
        return "[" + String.join(",", objects) + "]";
    }

    /** A communes.json object, shaped like Etalab's (null siren or population: field absent). */
    private static String commune(String code, String nom, String type, String departement, String region,
                                  String siren, Integer population) {
        return "{\"code\": \"" + code + "\", \"nom\": \"" + nom + "\", \"typeLiaison\": 0, \"zone\": \"metro\","
                + " \"departement\": \"" + departement + "\", \"region\": \"" + region + "\", \"type\": \"" + type + "\""
                + (siren == null ? "" : ", \"siren\": \"" + siren + "\"")
                + (population == null ? "" : ", \"population\": " + population)
                + ", \"codesPostaux\": [\"00000\"]}";
    }

    /** An epci.json object, shaped like Etalab's, with members given by INSEE code. */
    private static String epci(String siren, String nom, String type, int populationMunicipale, String... members) {
        return "{\"code\": \"" + siren + "\", \"nom\": \"" + nom + "\", \"type\": \"" + type + "\","
                + " \"modeFinancement\": \"FPU\", \"populationTotale\": " + populationMunicipale + ","
                + " \"populationMunicipale\": " + populationMunicipale + ", \"membres\": ["
                + Arrays.stream(members).map(code -> "{\"code\": \"" + code + "\", \"siren\": \"000000000\","
                + " \"nom\": \"Membre " + code + "\", \"populationTotale\": 1, \"populationMunicipale\": 1}")
                .collect(Collectors.joining(",")) + "]}";
    }

    /** Completes 8 digits with their Luhn check digit. */
    private static String luhn(String prefix) {
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            int digit = prefix.charAt(7 - i) - '0';
            if (i % 2 == 0) {
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }
            sum += digit;
        }
        return prefix + (10 - sum % 10) % 10;
    }
}
