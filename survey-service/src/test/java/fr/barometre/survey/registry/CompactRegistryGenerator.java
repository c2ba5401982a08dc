package fr.barometre.survey.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * Build tool (not shipped): regenerates the compact registry file from an Etalab
 * "découpage administratif" data directory.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) \
 *   fr.barometre.survey.registry.CompactRegistryGenerator \
 *   /path/to/etalab-decoupage-administratif-6.0.0/data \
 *   src/main/resources/registry/collectivities.csv.gz
 * </pre>
 */
public final class CompactRegistryGenerator {

    private static final Logger LOG = Logger.getLogger(CompactRegistryGenerator.class.getName());

    private CompactRegistryGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: CompactRegistryGenerator <etalab data dir> <output .csv.gz>");
        }
        Path data = Path.of(args[0]);
        Path output = Path.of(args[1]);
        EtalabMapping.Result result;
        try (InputStream communes = Files.newInputStream(data.resolve("communes.json"));
             InputStream epci = Files.newInputStream(data.resolve("epci.json"))) {
            result = EtalabMapping.mapWithReport(communes, epci);
        }
        if (output.getParent() != null) {
            Files.createDirectories(output.getParent());
        }
        try (OutputStream out = Files.newOutputStream(output)) {
            EtalabMapping.writeCompact(result.entries(), out);
        }
        LOG.info(() -> String.format("%s: %d entries (%d communes, %d EPCI), %d skipped %s, %d bytes",
                output, result.entries().size(), result.communes(), result.epcis(),
                result.skippedSirens().size(), result.skippedSirens(), sizeOf(output)));
    }

    private static long sizeOf(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return -1;
        }
    }
}
