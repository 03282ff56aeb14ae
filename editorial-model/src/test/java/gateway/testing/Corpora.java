package gateway.testing;

import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real-world test corpora (docs/corpora.md): the folder the build passes as system property
 * {@code corpora.dir}. When the build found none (the property is empty or names no folder), a test
 * that asks for it is aborted: reported as skipped, never as passed.
 */
public final class Corpora {
    private Corpora() {}

    /** The corpora folder; aborts the calling test when there is none. */
    public static Path root() {
        String dir = System.getProperty("corpora.dir", "");
        assumeFalse(dir.isBlank(), "corpus test skipped: corpora.dir is not set (see docs/corpora.md)");
        Path root = Path.of(dir);
        assumeTrue(Files.isDirectory(root), () -> "corpus test skipped: no corpora folder at " + root.toAbsolutePath());
        return root;
    }

    /** The file {@code relative} of the corpora, e.g. {@code media/bwf/A101_1.WAV}. */
    public static Path file(String relative) {
        return root().resolve(relative);
    }

    public static Path cmx(String name) {
        return root().resolve("edl/otio-cmx3600").resolve(name);
    }

    public static Path pythonEdl(String name) {
        return root().resolve("edl/python-edl").resolve(name);
    }

    /** Every file directly in the corpus folder {@code folder} whose name ends in {@code suffix}, sorted. */
    public static List<Path> files(String folder, String suffix) {
        try (Stream<Path> s = Files.list(root().resolve(folder))) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the corpus folder " + folder + " under " + root(), e);
        }
    }

    /** Every {@code .edl} file of the corpora. */
    public static List<Path> allEdls() {
        try (Stream<Path> s = Files.walk(root().resolve("edl"))) {
            return s.filter(p -> p.toString().endsWith(".edl")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the EDL corpus under " + root(), e);
        }
    }
}
