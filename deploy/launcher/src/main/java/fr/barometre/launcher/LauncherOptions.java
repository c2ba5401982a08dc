package fr.barometre.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the launcher was asked to do: ports, data folder, whether to start fresh and load demo data.
 * Each option can be given on the command line ({@code --survey-port 9081}) or in the environment
 * ({@code SURVEY_PORT=9081}); the command line wins.
 *
 * @param root        the repository root (service jars, realm file)
 * @param dataDir     the data folder: PostgreSQL data, the Keycloak installation, logs
 * @param postgresPort 0: any free port
 */
public record LauncherOptions(Path root, Path dataDir, boolean fresh, boolean demo, boolean help,
                              int surveyPort, int scoringPort, int reportingPort, int keycloakPort,
                              int postgresPort) {

    public static final String USAGE = """
            Usage: ./barometre [options]
                   ./barometre bench [options]   (measures the suite: ./barometre bench --help)

            Starts PostgreSQL, Keycloak (realm barometre), survey-, scoring- and reporting-service,
            loads demo data, and runs until Ctrl-C, which stops everything it started.

              --fresh                 delete the data folder first (all data, Keycloak included)
              --data DIR              data folder (env BAROMETRE_DATA; default <repository>/.barometre)
              --no-demo               do not load the demo campaign
              --survey-port N         survey-service port (env SURVEY_PORT; default 8081)
              --scoring-port N        scoring-service port (env SCORING_PORT; default 8082)
              --reporting-port N      reporting-service port (env REPORTING_PORT; default 8083)
              --keycloak-port N       Keycloak port (env KEYCLOAK_PORT; default 8180)
              --postgres-port N       PostgreSQL port (env POSTGRES_PORT; default: any free port)
              -h, --help              this text
            """;

    /** Parses the arguments, falling back on the environment, then on the defaults. */
    public static LauncherOptions parse(List<String> args, Map<String, String> env, Path root) {
        Path dataDir = env.containsKey("BAROMETRE_DATA") ? Path.of(env.get("BAROMETRE_DATA")) : root.resolve(".barometre");
        boolean fresh = false;
        boolean demo = true;
        boolean help = false;
        int survey = port(env, "SURVEY_PORT", 8081);
        int scoring = port(env, "SCORING_PORT", 8082);
        int reporting = port(env, "REPORTING_PORT", 8083);
        int keycloak = port(env, "KEYCLOAK_PORT", 8180);
        int postgres = port(env, "POSTGRES_PORT", 0);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            switch (name) {
                case "--fresh" -> fresh = true;
                case "--no-demo" -> demo = false;
                case "-h", "--help" -> help = true;
                case "--data", "--survey-port", "--scoring-port", "--reporting-port", "--keycloak-port", "--postgres-port" -> {
                    String value;
                    if (arg.contains("=")) {
                        value = arg.substring(arg.indexOf('=') + 1);
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        throw new IllegalArgumentException(name + " needs a value");
                    }
                    switch (name) {
                        case "--data" -> dataDir = Path.of(value);
                        case "--survey-port" -> survey = port(name, value);
                        case "--scoring-port" -> scoring = port(name, value);
                        case "--reporting-port" -> reporting = port(name, value);
                        case "--keycloak-port" -> keycloak = port(name, value);
                        default -> postgres = port(name, value);
                    }
                }
                default -> throw new IllegalArgumentException("Unknown option " + arg);
            }
        }
        return new LauncherOptions(root.toAbsolutePath().normalize(), dataDir.toAbsolutePath().normalize(),
                fresh, demo, help, survey, scoring, reporting, keycloak, postgres);
    }

    private static int port(Map<String, String> env, String variable, int fallback) {
        String value = env.get(variable);
        return value == null || value.isBlank() ? fallback : port(variable, value);
    }

    private static int port(String name, String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a port: " + value);
        }
    }

    public String keycloakUrl() {
        return "http://localhost:" + keycloakPort;
    }

    public String surveyUrl() {
        return "http://localhost:" + surveyPort;
    }

    public String scoringUrl() {
        return "http://localhost:" + scoringPort;
    }

    public String reportingUrl() {
        return "http://localhost:" + reportingPort;
    }

    public Path logDir() {
        return dataDir.resolve("logs");
    }
}
