package dev.lore.deploy;

import java.nio.file.Path;

/**
 * One Lore service as the launcher runs it.
 *
 * @param module     Maven module directory, also the log file name
 * @param name       short name: output label and its data directory under the data dir
 * @param portOffset added to the public port
 * @param database   its own PostgreSQL database, or null when it needs none
 * @param background work no request waits for (the audit trail's storage): run at a lower CPU
 *                   priority, so that on one machine it yields the cores to request paths and
 *                   catches up when they are idle
 */
record Service(String module, String name, int portOffset, String database, boolean background) {

    Service(String module, String name, int portOffset, String database) {
        this(module, name, portOffset, database, false);
    }

    int port(int publicPort) {
        return publicPort + portOffset;
    }

    Path jar(Path home) {
        return home.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
