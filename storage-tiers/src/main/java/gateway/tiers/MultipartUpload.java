package gateway.tiers;

import gateway.model.asset.Checksums;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * Uploads one file as a multipart object, resuming an upload a failed run left: the store lists the
 * parts it holds, each one whose size and ETag (the MD5 of its bytes, on S3 and S3Proxy) match the
 * local file is kept, the rest are sent again, then the upload is completed. Parts are
 * {@link S3Tier#partSizeBytes()} long (the last shorter) and carry Content-MD5, so the store refuses
 * a part damaged on the way.
 */
final class MultipartUpload {
    /** Told after every part: bytes of the file that are in the store now, of the file's size. */
    interface Progress {
        void uploaded(long doneBytes, long totalBytes);
    }

    private final ObjectStore store;
    private final Path file;
    private final String key;
    private final Checksums sums;
    private final ProjectId project;

    MultipartUpload(ObjectStore store, Path file, String key, Checksums sums, ProjectId project) {
        this.store = store;
        this.file = file;
        this.key = key;
        this.sums = sums;
        this.project = project;
    }

    /**
     * Runs the upload to completion. {@code resumeId} is the upload a failed run left (null: none);
     * when the store no longer knows it a new one starts. {@code started} hears the id of a new
     * upload before its first part is sent (the caller records it, so a crash can resume it).
     */
    void run(String resumeId, Consumer<String> started, Progress progress) {
        long size = sizeOf(file);
        long partSize = store.tier().partSizeBytes();
        int count = (int) ((size + partSize - 1) / partSize);
        String uploadId = resumeId;
        Map<Integer, Part> held = new HashMap<>();
        if (uploadId != null) {
            var parts = store.parts(key, uploadId);
            if (parts.isPresent()) {
                parts.get().forEach(p -> held.put(p.partNumber(), p));
            } else {
                uploadId = null;
            }
        }
        if (uploadId == null) {
            uploadId = store.startUpload(key, sums);
            started.accept(uploadId);
        }
        byte[] buffer = new byte[(int) partSize];
        List<CompletedPart> done = new ArrayList<>();
        long doneBytes = 0;
        for (int number = 1; number <= count; number++) {
            long offset = (number - 1) * partSize;
            int length = (int) Math.min(partSize, size - offset);
            try {
                ObjectStore.readFully(file, offset, buffer, length);
            } catch (IOException e) {
                throw GatewayException.io(
                        "cannot read part " + number + " of " + file + " to upload it to "
                                + store.tier().address(key) + ": " + e.getMessage(),
                        e);
            }
            String md5 = ObjectStore.hexMd5(buffer, 0, length);
            Part kept = held.get(number);
            String etag;
            if (kept != null && kept.size() != null && kept.size() == length && md5.equals(unquoted(kept.eTag()))) {
                etag = kept.eTag();
            } else {
                etag = store.putPart(key, uploadId, number, buffer, length, project);
            }
            done.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            doneBytes += length;
            progress.uploaded(doneBytes, size);
        }
        store.completeUpload(key, uploadId, done);
    }

    private static String unquoted(String etag) {
        return etag == null ? "" : etag.replace("\"", "");
    }

    static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw GatewayException.io("cannot read the size of " + file + ": " + e.getMessage(), e);
        }
    }
}
