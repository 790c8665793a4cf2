package dev.lore.deploy;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * {@code ./lore up}: PostgreSQL, Kafka, then every built service, each in its own process, all state
 * under one data dir. Startup is all or nothing; stopping goes services, Kafka, PostgreSQL.
 */
public final class Launcher {

    private final Options options;
    private final Path home;
    private final List<Service> registry;
    private final ServiceCommand command;
    private final PrintStream out;
    private final Path dataDir;
    private final Path logDir;

    /**
     * Launching a component holds the read lock; {@link #stop()} takes the write lock, so it waits for a
     * launch in flight (PostgreSQL can take seconds) instead of missing it, and later launches are refused.
     */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile boolean stopping;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private DataDirLock lock;
    private Orphans orphans;
    private Postgres postgres;
    private KafkaBroker kafka;
    private final List<ServiceProcess> services = new CopyOnWriteArrayList<>();

    Launcher(Options options, Path home, List<Service> registry, ServiceCommand command, PrintStream out) {
        this.options = options;
        this.home = home;
        this.registry = registry;
        this.command = command;
        this.out = out;
        this.dataDir = options.dataDir().toAbsolutePath().normalize();
        this.logDir = dataDir.resolve("logs");
    }

    public static void main(String[] args) {
        String subcommand = args.length == 0 ? "" : args[0];
        switch (subcommand) {
            case "up" -> up(Arrays.copyOfRange(args, 1, args.length));
            // ./lore asks which modules to build, so this registry stays the only list of services.
            case "modules" -> ServiceRegistry.SERVICES.forEach(s -> System.out.println(s.module()));
            default -> {
                System.err.println("Unknown command '" + subcommand + "'. Run './lore help' for usage.");
                System.exit(2);
            }
        }
    }

    private static void up(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.UsageException e) {
            System.err.println(e.getMessage() + " Run './lore help' for usage.");
            System.exit(2);
            return;
        }
        Path home = Path.of(System.getProperty("lore.home", ".")).toAbsolutePath().normalize();
        Launcher launcher = new Launcher(options, home, ServiceRegistry.SERVICES, ServiceCommand.quarkusJar(),
                System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::stop, "lore-stop"));
        try {
            launcher.start();
        } catch (StartupException e) {
            if (!launcher.stopping) { // otherwise Ctrl-C during startup: the hook is already stopping everything
                System.err.println(e.getMessage());
                launcher.stop();
                System.exit(1);
            }
            return;
        }
        System.out.println("Lore is up. Press Ctrl-C to stop.");
        launcher.awaitStopped();
    }

    /** Starts everything or, on the first failure, throws with the culprit's log tail (the caller then stops). */
    void start() throws StartupException {
        try {
            launch(() -> lock = DataDirLock.acquire(dataDir));
            String internalTokenSecret = InternalTokenSecret.loadOrCreate(dataDir);
            boolean freshAdminKey = !Files.exists(ServiceProcess.adminKeyFile(dataDir));
            orphans = new Orphans(dataDir);
            orphans.stopLeftovers(out);
            List<Service> built = builtServices();
            for (Service service : built) {
                requireFreePort(service);
            }
            // Kafka boots in its own JVM while PostgreSQL starts here, so the two overlap without threads.
            launch(() -> kafka = KafkaBroker.launch(dataDir, Logs.fresh(logDir, KafkaBroker.NAME)));
            remember(kafka.process());
            launch(() -> postgres = Postgres.start(dataDir, Logs.fresh(logDir, Postgres.NAME)));
            Optional<ProcessHandle> postmaster = postgres.postmaster();
            if (postmaster.isPresent()) {
                orphans.remember(Postgres.NAME, postmaster.get());
            }
            for (Service service : registry) {
                if (service.database() != null) {
                    postgres.createDatabaseIfMissing(service.database());
                }
            }
            kafka.awaitReady();
            out.printf("%-10s %s  (data: %s)%n", Postgres.NAME, postgres.jdbcUrl(""), display(postgres.dataDir()));
            out.printf("%-10s %s%n", KafkaBroker.NAME, kafka.bootstrapServers());
            for (Service service : built) {
                Path log = Logs.fresh(logDir, service.module());
                launch(() -> services.add(ServiceProcess.launch(service, home, command, options.port(), dataDir,
                        internalTokenSecret, postgres, kafka, log)));
                remember(services.getLast().process());
            }
            awaitServices();
            for (ServiceProcess service : services) {
                out.printf("%-10s %s%n", service.service().name(), service.url());
            }
            Path adminKey = ServiceProcess.adminKeyFile(dataDir);
            if (freshAdminKey && Files.isRegularFile(adminKey)) {
                // Shown this once; afterwards it is only in the file (mode 600).
                out.printf("%nAdmin API key (shown once, kept in %s):%n  %s%n%n", display(adminKey),
                        Files.readString(adminKey).strip());
            }
            warnOnUnexpectedExits();
        } catch (IOException e) {
            throw new StartupException("lore", e.toString(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("lore", "interrupted", null, e);
        }
    }

    /** Services whose jar exists; one line for a module that is checked out but not built. */
    private List<Service> builtServices() {
        List<Service> built = new ArrayList<>();
        for (Service service : registry) {
            if (Files.isRegularFile(service.jar(home))) {
                built.add(service);
            } else if (Files.isDirectory(home.resolve(service.module()))) {
                out.printf("%-10s not built, skipped (run ./lore up --build)%n", service.name());
            }
        }
        return built;
    }

    private void requireFreePort(Service service) throws StartupException {
        int port = service.port(options.port());
        if (!Ports.isFree(port)) {
            throw new StartupException(service.name(), "port " + port + " is already in use (--port "
                    + options.port() + " puts " + service.name() + " on " + port + "). Free it or pass another --port.",
                    null);
        }
    }

    private void awaitServices() throws StartupException, InterruptedException {
        List<ServiceProcess> pending = new ArrayList<>(services);
        Instant deadline = Instant.now().plus(ServiceProcess.READY_TIMEOUT);
        while (true) {
            for (ServiceProcess service : List.copyOf(pending)) {
                if (service.ready()) {
                    pending.remove(service);
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw pending.getFirst().notReady();
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    private void warnOnUnexpectedExits() {
        List<ChildProcess> children = new ArrayList<>();
        children.add(kafka.process());
        services.forEach(s -> children.add(s.process()));
        for (ChildProcess child : children) {
            child.whenExited(code -> {
                if (!stopping) {
                    System.err.printf("%-10s exited unexpectedly with code %d, see %s%n", child.name(), code,
                            display(child.log()));
                }
            });
        }
    }

    private interface Step {
        void run() throws StartupException, IOException;
    }

    private void launch(Step step) throws StartupException, IOException {
        lifecycle.readLock().lock();
        try {
            if (stopping) {
                throw new StartupException("lore", "stopping, startup abandoned", null);
            }
            step.run();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private void remember(ChildProcess child) throws IOException {
        orphans.remember(child.name(), child.handle());
    }

    /** Stops whatever was started, services first; idempotent and safe from the shutdown hook. */
    void stop() {
        lifecycle.writeLock().lock();
        try {
            if (stopping) {
                return;
            }
            stopping = true;
        } finally {
            lifecycle.writeLock().unlock();
        }
        try {
            // All services get SIGTERM at once and share one grace period.
            services.forEach(s -> s.process().terminate());
            Instant deadline = Instant.now().plus(ChildProcess.STOP_GRACE);
            for (ServiceProcess service : services) {
                service.process().awaitExit(deadline);
                out.printf("%-10s stopped%n", service.service().name());
            }
            if (kafka != null) {
                kafka.process().stop();
                out.printf("%-10s stopped%n", KafkaBroker.NAME);
            }
            if (postgres != null) {
                postgres.stop();
                out.printf("%-10s stopped%n", Postgres.NAME);
            }
            if (orphans != null) {
                orphans.forget();
            }
        } catch (IOException e) {
            System.err.println("Cannot remove " + dataDir.resolve("pids") + ": " + e.getMessage());
        } finally {
            if (lock != null) {
                lock.close();
            }
            out.flush();
            stopped.countDown();
        }
    }

    private void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Paths under the current directory are shown relative, as the user typed them. */
    private static String display(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        return path.startsWith(cwd) ? cwd.relativize(path).toString() : path.toString();
    }

    Postgres postgres() {
        return postgres;
    }

    KafkaBroker kafka() {
        return kafka;
    }
}
