package fr.barometre.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** One packaged service ({@code <module>/target/quarkus-app/quarkus-run.jar}) run as its own process. */
public final class ServiceProcess {

    /** Modest heaps: the whole suite is meant to run on a laptop. */
    private static final java.util.List<String> JVM_OPTIONS = java.util.List.of("-Xmx512m", "-XX:+UseSerialGC");

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
        command.addAll(JVM_OPTIONS);
        command.addAll(java.util.List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(jar.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
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
