package gateway.ingest.offload;

import gateway.model.asset.Checksums;
import gateway.model.checksum.XxHash64;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** A card folder of files with known bytes, and hashes computed independently of the code under test. */
final class CardFixture {
    private CardFixture() {}

    /** {@code A001/CLIPS/A001C001.mov}, {@code A001/CLIPS/A001C002.mov}, {@code A001/A001.wav}. */
    static List<Path> card(Path card) throws IOException {
        Random r = new Random(42);
        List<Path> files = List.of(
                card.resolve("CLIPS/A001C001.mov"), card.resolve("CLIPS/A001C002.mov"), card.resolve("A001.wav"));
        int size = 300_000;
        for (Path f : files) {
            Files.createDirectories(f.getParent());
            byte[] b = new byte[size];
            r.nextBytes(b);
            Files.write(f, b);
            size += 12_345;
        }
        return files;
    }

    static Checksums independent(Path f) throws Exception {
        byte[] bytes = Files.readAllBytes(f);
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        String xxh = XxHash64.hex(XxHash64.hash(bytes, 0, bytes.length, 0));
        return new Checksums(xxh, md5);
    }

    static List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
