package gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code tools/ClassFileUpgrade.java}, which the launcher runs on its copy of picocli before it
 * trains the CLI's start-up cache: on a copy of the picocli jar this build uses, every class file
 * becomes version 52 or newer, the jar keeps every entry, and picocli still works from it (its own
 * completion generator, run with the upgraded classes, which the JVM verifies with their new stack
 * maps).
 */
class ClassFileUpgradeTest {
    private static final long TIMEOUT_SECONDS = 180;

    @TempDir
    Path tmp;

    @Test
    void picocliBecomesJava8ClassFilesThatStillWork() throws Exception {
        assumeTrue(Runtime.version().feature() >= 24, "the class-file API needs JDK 24+; this is " + Runtime.version());
        Path original = picocliJar();
        Path jar = tmp.resolve(original.getFileName());
        Files.copy(original, jar);
        assertTrue(oldestClassVersion(jar) < 50, "picocli is no longer built for Java 5; is the upgrade still needed?");

        String out = java(
                tmp,
                Path.of(LauncherCommandsIT.root().toString(), "tools", "ClassFileUpgrade.java")
                        .toString(),
                jar.toString());
        assertTrue(out.contains("now version 52"), out);

        assertEquals(52, oldestClassVersion(jar), "a class file left older than Java 8 in " + jar);
        assertEquals(entries(original), entries(jar), "the upgraded jar lost or gained entries");
        String usage = java(tmp, "-cp", jar.toString(), "picocli.AutoComplete", "--help");
        assertTrue(usage.contains("Generates a bash completion script"), usage);
    }

    private static Path picocliJar() throws URISyntaxException {
        return Path.of(CommandLine.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    }

    /** Runs the JDK running this test with {@code args}; returns its output, failing on a non-zero exit. */
    private static String java(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(args));
        Path log = dir.resolve("java.log");
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
        }
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + out);
        return out;
    }

    private static int oldestClassVersion(Path jar) throws IOException {
        int oldest = Integer.MAX_VALUE;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                if (e.getName().endsWith(".class") && !e.getName().startsWith("META-INF/")) {
                    try (DataInputStream in = new DataInputStream(zip.getInputStream(e))) {
                        in.readInt(); // magic
                        in.readUnsignedShort(); // minor
                        oldest = Math.min(oldest, in.readUnsignedShort());
                    }
                }
            }
        }
        return oldest;
    }

    private static List<String> entries(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return Collections.list(zip.entries()).stream()
                    .map(ZipEntry::getName)
                    .toList();
        }
    }
}
