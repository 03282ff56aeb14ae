package gateway.model;

import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

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
}
