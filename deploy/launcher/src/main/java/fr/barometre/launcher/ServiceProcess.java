package fr.barometre.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** One packaged service ({@code <module>/target/quarkus-app/quarkus-run.jar}) run as its own process. */
public final class ServiceProcess {

    /**
     * The JVM options of every service, sized for a national edition on a laptop: each service at most 250 MB
     * resident under {@code ./barometre bench}'s load (docs/architecture.md "How it runs"). Measured at the peak
     * with native memory tracking ({@code --size 5000}), a service is ≈ 190–230 MB before its heap (survey-service:
     * metaspace and class space 101 MB, symbols 22, compiled code 20–38, the JIT's freed arena chunks up to 21, the
     * JDK's class archive 12, libjvm and libraries 22, 33–40 threads with 3 MB of stack, the collector under 1 MB;
     * scoring- and reporting-service 65–89 MB of classes), so the heap is what the options bound:
     * <ul>
     * <li>{@code -Xms32m}: without it the first heap is 1/64 of the machine's memory (376 MB on 24 GB), and
     *     the young generation, a third of it, is touched in full at every collection cycle, resident for good;
     *     from 32 MB the heap grows only as far as the load needs it;</li>
     * <li>{@code -Xmx}: what a service holds at once under the bench's load, with room; see {@link #maxHeap(String)};</li>
     * <li>{@code MinHeapFreeRatio=10}, {@code MaxHeapFreeRatio=30}: the serial collector gives back heap it no
     *     longer needs after a full collection, so a load's peak does not stay resident;</li>
     * <li>{@code -XX:+UseSerialGC}: one collector thread and no G1 remembered sets or regions (less native memory,
     *     no competition with the services' own threads on two cores; pauses stay short at these heap sizes);</li>
     * <li>{@code MaxMetaspaceSize=192m}: a bound, well above the ≈ 95 MB of classes a service loads (survey- and
     *     scoring-service; reporting-service ≈ 63 MB), so a leak of classes ends the process instead of the machine;</li>
     * <li>{@code ReservedCodeCacheSize=64m}: a bound on compiled code (≈ 22 MB at the peak; 240 MB by default);</li>
     * <li>{@code TrimNativeHeapInterval=5000}: every 5 s glibc gives back the native memory freed since (the JIT
     *     compilers' arenas grow by tens of MB while compiling the hot paths of a load, then are freed but stay
     *     resident otherwise);</li>
     * <li>{@code -XX:+ExitOnOutOfMemoryError}: as in production (deploy/k8s), a JVM out of memory ends rather than
     *     limping on; the launcher says so.</li>
     * </ul>
     * And {@code MALLOC_ARENA_MAX=2} in the environment: glibc otherwise gives each thread that allocates
     * native memory (JIT compilers, Netty, the JDBC driver's threads) an arena of its own, up to 8 per core,
     * tens of MB resident for nothing.
     */
    static java.util.List<String> jvmOptions(String service) {
        return java.util.List.of("-Xms32m", "-Xmx" + maxHeap(service), "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
                "-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=192m", "-XX:ReservedCodeCacheSize=64m",
                "-XX:TrimNativeHeapInterval=5000", "-XX:+ExitOnOutOfMemoryError");
    }

    /**
     * survey-service takes batches of 1,000 complete responses (15–16 MB bodies; the bench sends four at once): each
     * is bound as it is read (api/StorableJsonBodies keeps no copy of the bytes), ≈ 35 MB a batch as objects and more
     * while its rows are written, and survey-service holds at most two at once (response/BatchAdmission: a third
     * waits, its bytes in the connection), so 160 MB; with four at once 256 MB were needed (192 MB ran a national
     * edition out of memory in its sixth batch). scoring- and reporting-service take batches of 500 messages and hold
     * 30–65 MB.
     */
    static String maxHeap(String service) {
        return Stack.SURVEY.equals(service) ? "160m" : "128m";
    }

    /**
     * A service out of memory writes its heap to {@code <logs>/<instance>-oom.hprof} before it ends (the JVM does not
     * overwrite a dump already there): what held the memory can be read afterwards. A national edition once ran
     * survey-service out of its 160 MB late in the batch phase (1 run of 7 on 2026-12-02), with nothing to say why.
     */
    static java.util.List<String> heapDumpOptions(Path logDir, String instance) {
        return java.util.List.of("-XX:+HeapDumpOnOutOfMemoryError",
                "-XX:HeapDumpPath=" + logDir.resolve(instance + "-oom.hprof").toAbsolutePath());
    }

    /** glibc's malloc arenas, at most two (see {@link #jvmOptions(String)}). */
    static final Map<String, String> NATIVE_ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

    private final String name;
    private final String instance;
    private final Path jar;
    private final int port;
    private final Map<String, String> env;
    private final Path log;
    private volatile Process process;

    public ServiceProcess(String name, Path root, int port, Map<String, String> env, Path logDir) {
        this(name, name, root, port, env, logDir);
    }

    /**
     * @param instance names the log ({@code <instance>.log}): the service's name, or e.g.
     *                 {@code scoring-service-2} for a second replica sharing the service's database
     */
    public ServiceProcess(String name, String instance, Path root, int port, Map<String, String> env, Path logDir) {
        this.name = name;
        this.instance = instance;
        this.jar = jarOf(root, name);
        this.port = port;
        this.env = Map.copyOf(env);
        this.log = logDir.resolve(instance + ".log");
    }

    /** Where the build puts a service's runnable jar. */
    public static Path jarOf(Path root, String name) {
        return root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public String name() {
        return name;
    }

    /** The service's name, or the replica's (its log's name). */
    public String instance() {
        return instance;
    }

    public int port() {
        return port;
    }

    public boolean packaged() {
        return Files.isRegularFile(jar);
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public Path log() {
        return log;
    }

    public Process process() {
        return process;
    }

    public synchronized void start() throws IOException {
        Files.createDirectories(log.getParent());
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(Processes.javaBinary());
        command.addAll(jvmOptions(name));
        command.addAll(heapDumpOptions(log.getParent(), instance));
        command.addAll(java.util.List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(jar.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(NATIVE_ENVIRONMENT);
        builder.environment().putAll(env);
        process = builder.start();
    }

    /** Ready when {@code /q/health/ready} answers 200. */
    public boolean ready(Http http) {
        return http.status(url() + "/q/health/ready") == 200;
    }

    /** The last line of the log, shortened, to show while waiting; or null. */
    public String lastLogLine() {
        return Processes.lastLogLine(log);
    }

    public boolean alive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    public synchronized void stop() {
        Processes.stopTree(process, 30);
    }

    /** Kills the process at once (SIGKILL: no shutdown, no commit of what it was doing), as a crash would. */
    public synchronized void kill() {
        if (process != null) {
            Processes.killTree(process);
        }
    }
}
