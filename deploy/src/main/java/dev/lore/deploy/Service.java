package dev.lore.deploy;

import java.nio.file.Path;

/**
 * One Lore service as the launcher runs it.
 *
 * @param module     Maven module directory, also the log file name
 * @param name       short name: output label and its data directory under the data dir
 * @param portOffset added to the public port
 * @param database   its own PostgreSQL database, or null when it needs none
 */
record Service(String module, String name, int portOffset, String database) {

    int port(int publicPort) {
        return publicPort + portOffset;
    }

    Path jar(Path home) {
        return home.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
