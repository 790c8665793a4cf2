package dev.lore.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Node.js programs under {@code tools/} that play Lore's external clients (kafkajs, the official
 * OpenAI SDK). Node.js 18+ and npm must be on the PATH: a missing Node fails the test, never skips
 * it. A tool's packages are installed with {@code npm ci} the first time, from its lock file.
 */
final class NodeTool {
    private NodeTool() {
    }

    /** The tool's directory, its packages installed. */
    static Path installed(String name, List<String> packages) throws Exception {
        Path tool = repositoryRoot(name).resolve("tools").resolve(name);
        try {
            Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String out = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertTrue(version.waitFor(30, TimeUnit.SECONDS) && version.exitValue() == 0, "node --version: " + out);
        } catch (IOException e) {
            fail("tools/" + name + " needs Node.js 18+ and npm on the PATH: " + e.getMessage());
        }
        boolean present = packages.stream()
                .allMatch(p -> Files.isRegularFile(tool.resolve("node_modules").resolve(p).resolve("package.json")));
        if (present) {
            return tool;
        }
        Path log = Files.createDirectories(Path.of("target")).resolve(name + "-npm-ci.log").toAbsolutePath();
        Process npm;
        try {
            npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(tool.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("npm is needed on the PATH to install " + tool + " (npm ci): " + e.getMessage(), e);
        }
        if (!npm.waitFor(5, TimeUnit.MINUTES)) {
            npm.destroyForcibly();
            fail("npm ci in " + tool + " took over 5 minutes; see " + log);
        }
        assertEquals(0, npm.exitValue(), "npm ci in " + tool + " failed:\n" + Files.readString(log));
        return tool;
    }

    private static Path repositoryRoot(String name) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("tools").resolve(name).resolve("package.json"))) {
                return p;
            }
        }
        throw new AssertionError("tools/" + name + " not found above " + Path.of("").toAbsolutePath());
    }
}
