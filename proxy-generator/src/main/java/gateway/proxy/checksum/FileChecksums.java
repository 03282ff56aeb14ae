package gateway.proxy.checksum;

import gateway.model.asset.Checksums;
import gateway.model.checksum.XxHash64;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The content hashes of a file (xxHash64 and MD5), computed in one read pass. */
public final class FileChecksums {
    private static final int BUFFER_BYTES = 4 << 20;

    private FileChecksums() {}

    /** Reads {@code file} once and returns its xxh64 (seed 0, as {@code xxhsum -H64}) and MD5. */
    public static Checksums compute(Path file) {
        MessageDigest md5 = md5();
        XxHash64 xxh = new XxHash64(0);
        byte[] buffer = new byte[BUFFER_BYTES];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
                xxh.update(buffer, 0, n);
                md5.update(buffer, 0, n);
            }
        } catch (NoSuchFileException e) {
            throw GatewayException.notFound("cannot checksum " + file + ": no such file");
        } catch (IOException e) {
            throw GatewayException.io("cannot checksum " + file + ": " + e.getMessage(), e);
        }
        return new Checksums(xxh.hexDigest(), HexFormat.of().formatHex(md5.digest()));
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new GatewayException(Reason.INTERNAL, "this JVM has no MD5 digest", e);
        }
    }
}
