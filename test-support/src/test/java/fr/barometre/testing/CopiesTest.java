package fr.barometre.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The services share no code; their deliberate copies, listed in the repository's {@code copies.txt}, are
 * the same text apart from the package name. Run by {@code ./mvnw verify} (test-support is built first),
 * the check fails naming each file that drifted and its first differing line.
 */
class CopiesTest {

    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

    @Test
    void theServicesCopiesAreTheSameTextApartFromThePackage() {
        Path list = REPOSITORY.resolve("copies.txt");
        assertTrue(Files.isRegularFile(list), "the list of copies at " + list);

        List<String> drifts = Copies.drifts(REPOSITORY, list);

        assertTrue(drifts.isEmpty(), "copies that drifted apart (make them the same text, or move what only one service "
                + "needs beside the copy):\n" + String.join("\n", drifts));
    }

    @Test
    void copiesThatDifferOnlyByThePackageAreTheSame(@TempDir Path root) throws IOException {
        Path list = twoServices(root);

        assertEquals(List.of(), Copies.drifts(root, list));
    }

    @Test
    void aChangedLineIsFoundNamingTheFileAndTheLine(@TempDir Path root) throws IOException {
        Path list = twoServices(root);
        Path scoring = root.resolve("scoring-service/src/main/java/fr/barometre/scoring/problem/Problem.java");
        Files.writeString(scoring, Files.readString(scoring).replace("return 404;", "return 410;"));

        List<String> drifts = Copies.drifts(root, list);

        assertEquals(List.of("scoring-service/src/main/java/fr/barometre/scoring/problem/Problem.java differs from "
                + "survey-service/src/main/java/fr/barometre/survey/problem/Problem.java at line 5 (copies.txt:3)\n"
                + "    survey: return 404;\n"
                + "    scoring: return 410;"), drifts);
    }

    @Test
    void aFileOfACopiedDirectoryMissingInOneServiceIsFound(@TempDir Path root) throws IOException {
        Path list = twoServices(root);
        write(root, "survey-service/src/main/java/fr/barometre/survey/problem/OnlyHere.java", "package fr.barometre.survey.problem;\n");

        assertEquals(List.of("scoring-service/src/main/java/fr/barometre/scoring/problem/OnlyHere.java: missing, while "
                + "survey-service/src/main/java/fr/barometre/survey/problem/OnlyHere.java is a copy (copies.txt:3)"), Copies.drifts(root, list));
    }

    @Test
    void aListedFileThatDoesNotExistIsFound(@TempDir Path root) throws IOException {
        Path list = twoServices(root);
        Files.writeString(list, Files.readString(list) + "{service}-service/src/test/java/fr/barometre/{service}/testing/Tokens.java\n");

        List<String> drifts = Copies.drifts(root, list);

        assertEquals(3, drifts.size(), String.join("\n", drifts));
        assertTrue(drifts.get(0).startsWith("survey-service/src/test/java/fr/barometre/survey/testing/Tokens.java: no such file"), drifts.get(0));
    }

    @Test
    void aLineThatIsNotACopyIsRefused(@TempDir Path root) throws IOException {
        Path list = twoServices(root);
        Files.writeString(list, Files.readString(list) + "survey: {service}-service/pom.xml\nREADME.md\n");

        List<String> drifts = Copies.drifts(root, list);

        assertEquals(2, drifts.size(), String.join("\n", drifts));
        assertTrue(drifts.get(0).startsWith("copies.txt:4: not a copy"), drifts.get(0));
        assertTrue(drifts.get(1).startsWith("copies.txt:5: not a copy"), drifts.get(1));
    }

    /** Two services holding the same problem/ directory, each in its own package. */
    private static Path twoServices(Path root) throws IOException {
        for (String service : List.of("survey", "scoring")) {
            write(root, service + "-service/src/main/java/fr/barometre/" + service + "/problem/Problem.java", """
                    package fr.barometre.%s.problem;

                    public final class Problem {
                        static int notFound() {
                            return 404;
                        }
                    }
                    """.formatted(service));
        }
        return write(root, "copies.txt", """
                # the copies of this test
                survey scoring: {service}-service/src/main/java/fr/barometre/{service}/problem/
                """.replace("# the copies of this test\n", "# the copies of this test\n\n"));
    }

    private static Path write(Path root, String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
