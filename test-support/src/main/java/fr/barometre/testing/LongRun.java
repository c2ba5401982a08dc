package fr.barometre.testing;

/**
 * The long run of the tests ({@code ./mvnw -Plong verify}: the parent pom's profile {@code long} sets the system
 * property {@code tests.long}): what a test of the default run proves already, repeated at length (every oversized
 * body from every caller, the benchmarks at their larger sizes). A size given on the command line
 * ({@code -Dbench.size=...}) wins over both.
 */
public final class LongRun {

    /** The system property the profile sets. */
    public static final String PROPERTY = "tests.long";

    private LongRun() {
    }

    public static boolean enabled() {
        return Boolean.getBoolean(PROPERTY);
    }

    /** The integer system property {@code name} if given, else {@code longRun} in the long run, {@code defaultRun} otherwise. */
    public static int size(String name, int defaultRun, int longRun) {
        return Integer.getInteger(name, enabled() ? longRun : defaultRun);
    }

    /** The decimal system property {@code name} if given, else {@code longRun} in the long run, {@code defaultRun} otherwise. */
    public static double seconds(String name, double defaultRun, double longRun) {
        String value = System.getProperty(name);
        return value != null ? Double.parseDouble(value) : enabled() ? longRun : defaultRun;
    }
}
