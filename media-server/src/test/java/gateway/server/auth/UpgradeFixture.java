package gateway.server.auth;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The store written by commit 4942a1a ({@code src/test/resources/upgrade-fixture}, see its README):
 * tests open a copy, never the fixture itself, since opening a store may write to it.
 */
public final class UpgradeFixture {
    private final Properties values = new Properties();

    private UpgradeFixture(Path root) throws IOException {
        try (Reader r = Files.newBufferedReader(root.resolve("fixture.properties"))) {
            values.load(r);
        }
    }

    /** Copies the fixture's store to {@code target} (a directory that does not exist yet) and reads its secrets. */
    public static UpgradeFixture copyStoreTo(Path target) throws IOException {
        Path root = root();
        Path store = root.resolve("store");
        try (Stream<Path> files = Files.walk(store)) {
            for (Path from : (Iterable<Path>) files::iterator) {
                Path to = target.resolve(store.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
        return new UpgradeFixture(root);
    }

    private static Path root() {
        try {
            return Path.of(UpgradeFixture.class
                            .getResource("/upgrade-fixture/fixture.properties")
                            .toURI())
                    .getParent();
        } catch (URISyntaxException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("upgrade-fixture is not on the test class path", e));
        }
    }

    public String get(String key) {
        String v = values.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("upgrade-fixture/fixture.properties has no " + key);
        }
        return v;
    }

    public Instant instant(String key) {
        return Instant.parse(get(key));
    }

    /** The two assets' ids: A001C003.mov and B002C007.mov of project {@code upgrade}. */
    public static final List<String> ASSETS =
            List.of("11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222");

    public static final String PROJECT = "upgrade";
}
