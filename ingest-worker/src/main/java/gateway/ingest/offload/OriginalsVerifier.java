package gateway.ingest.offload;

import gateway.model.asset.Checksums;
import gateway.model.asset.Manifest;
import gateway.model.error.GatewayException;
import gateway.proxy.checksum.FileChecksums;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Re-checks originals against what was recorded at ingest (size and xxh64 + MD5 in the manifest),
 * before a conform may use them: in reference mode the original stays on storage the gateway does
 * not own and can change under it. Conform should call {@link #verify(Collection)} on the assets
 * a cut links to and refuse (FAILED_PRECONDITION) while any check is not ok.
 */
public final class OriginalsVerifier {

    /** One asset's result: ok, or what differs. */
    public record Check(Manifest manifest, List<String> mismatches) {
        public Check {
            mismatches = List.copyOf(mismatches);
        }

        public boolean ok() {
            return mismatches.isEmpty();
        }
    }

    /** Re-reads the original of {@code m} and compares it with the manifest. */
    public Check verify(Manifest m) {
        List<String> problems = new ArrayList<>();
        Path original = Path.of(m.originalPath());
        if (!Files.isRegularFile(original)) {
            problems.add(m.originalPath() + ": missing");
            return new Check(m, problems);
        }
        try {
            String recordedSize = m.metadata().get(OriginalSource.META_ORIGINAL_SIZE);
            long size = Files.size(original);
            if (recordedSize != null && !recordedSize.equals(Long.toString(size))) {
                problems.add(m.originalPath() + ": size " + size + " bytes, recorded " + recordedSize);
            }
        } catch (IOException e) {
            problems.add(m.originalPath() + ": cannot read its size: " + e.getMessage());
            return new Check(m, problems);
        }
        Checksums recorded = m.checksums();
        if (recorded == null) {
            problems.add(m.originalPath() + ": no checksums were recorded at ingest");
            return new Check(m, problems);
        }
        try {
            Checksums now = FileChecksums.compute(original);
            if (recorded.xxh64() != null && !recorded.xxh64().equals(now.xxh64())) {
                problems.add(m.originalPath() + ": xxh64 " + now.xxh64() + ", recorded " + recorded.xxh64());
            }
            if (recorded.md5() != null && !recorded.md5().equals(now.md5())) {
                problems.add(m.originalPath() + ": md5 " + now.md5() + ", recorded " + recorded.md5());
            }
        } catch (GatewayException e) {
            problems.add(m.originalPath() + ": " + e.getMessage());
        }
        return new Check(m, problems);
    }

    /** Every asset's check; the caller refuses the conform if any is not ok. */
    public List<Check> verify(Collection<Manifest> manifests) {
        return manifests.stream().map(this::verify).toList();
    }

    /** Only the failed checks. */
    public List<Check> mismatches(Collection<Manifest> manifests) {
        return verify(manifests).stream().filter(c -> !c.ok()).toList();
    }
}
