package gateway.ingest.offload;

import gateway.model.asset.Checksums;
import gateway.model.checksum.XxHash64;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Independent checks of what ingest wrote, for tests: checksums computed here, tools on the PATH. */
final class CardChecks {
    private CardChecks() {}

    static Checksums independent(Path f) throws Exception {
        byte[] bytes = Files.readAllBytes(f);
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        return new Checksums(XxHash64.hex(XxHash64.hash(bytes, 0, bytes.length, 0)), md5);
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
