package dev.lore.deploy;

import java.nio.file.Path;
import java.util.List;

/** How a service's jar becomes a command line; tests substitute a stand-in service. */
@FunctionalInterface
interface ServiceCommand {

    List<String> command(Path jar);

    /** Production: the launcher's own JDK runs the Quarkus fast-jar. */
    static ServiceCommand quarkusJar() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return jar -> List.of(java, "-Xmx1g", "-jar", jar.toString());
    }
}
