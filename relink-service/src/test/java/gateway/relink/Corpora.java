package gateway.relink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The shared real-world test files (system property {@code corpora.dir}). */
public final class Corpora {
    private Corpora() {}

    public static Path root() {
        String dir = System.getProperty("corpora.dir", "../../shared/corpora");
        return Path.of(dir);
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
