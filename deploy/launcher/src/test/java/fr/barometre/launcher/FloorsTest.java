package fr.barometre.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FloorsTest {

    @Test
    void migrationsInFlywaysOrderNumericallyNotAlphabetically(@TempDir Path folder) throws Exception {
        for (String name : List.of("V10__later.sql", "V2__b.sql", "V1__a.sql", "V3_2__d.sql", "V3_1__c.sql", "V3__c0.sql",
                "V4_10__f.sql", "V4_2__e.sql", "README.md", "R__repeatable.sql")) {
            Files.writeString(folder.resolve(name), "");
        }
        assertEquals(List.of("V1__a.sql", "V2__b.sql", "V3__c0.sql", "V3_1__c.sql", "V3_2__d.sql", "V4_2__e.sql", "V4_10__f.sql", "V10__later.sql"),
                Floors.migrations(folder).stream().map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void theServicesMigrationsAreFound() throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).resolve("../..").normalize();
        List<Path> survey = Floors.migrations(root.resolve("survey-service/src/main/resources/db/migration"));
        assertEquals("V1__registry_campaigns_responses.sql", survey.get(0).getFileName().toString());
    }
}
