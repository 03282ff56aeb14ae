package gateway.ingest.offload;

import gateway.model.asset.Checksums;
import gateway.model.checksum.XxHash64;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * One read of a file from start to end that hashes it (xxh64 + MD5) and hands every block to a
 * {@link Sink} (the copy being written, or nothing), reporting the bytes read after each block, at
 * most {@code bytesPerSecond} when that is above 0 (a copy that must not starve the editors' reads
 * of the same storage). The progress callback may throw to stop the pass (the job's lease was lost).
 */
final class ReadPass {
    private static final int MAX_BLOCK_BYTES = 4 << 20;
    private static final int MIN_BLOCK_BYTES = 64 << 10;

    /** Where the bytes read go besides the hashes. */
    @FunctionalInterface
    interface Sink {
        Sink NONE = (b, off, len) -> {};

        void write(byte[] buffer, int offset, int length) throws IOException;
    }

    record Result(long bytes, Checksums checksums) {}

    private ReadPass() {}

    static Result run(Path file, Sink sink, LongConsumer bytesRead, long bytesPerSecond) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return run(in, sink, bytesRead, bytesPerSecond);
        }
    }

    static Result run(InputStream in, Sink sink, LongConsumer bytesRead, long bytesPerSecond) throws IOException {
        MessageDigest md5 = md5();
        XxHash64 xxh = new XxHash64(0);
        int block = bytesPerSecond > 0
                ? (int) Math.max(MIN_BLOCK_BYTES, Math.min(MAX_BLOCK_BYTES, bytesPerSecond / 4))
                : MAX_BLOCK_BYTES;
        byte[] buffer = new byte[block];
        long started = System.nanoTime();
        long total = 0;
        int n;
        while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
            xxh.update(buffer, 0, n);
            md5.update(buffer, 0, n);
            sink.write(buffer, 0, n);
            total += n;
            if (bytesPerSecond > 0) {
                pace(started, total, bytesPerSecond);
            }
            bytesRead.accept(total);
        }
        return new Result(total, new Checksums(xxh.hexDigest(), HexFormat.of().formatHex(md5.digest())));
    }

    /** Holds the pass back until {@code total} bytes are due at {@code bytesPerSecond} since {@code started}. */
    private static void pace(long started, long total, long bytesPerSecond) {
        long due = started + TimeUnit.SECONDS.toNanos(1) * total / bytesPerSecond;
        for (long ahead = due - System.nanoTime(); ahead > 0; ahead = due - System.nanoTime()) {
            LockSupport.parkNanos(ahead);
            if (Thread.currentThread().isInterrupted()) {
                throw new GatewayException(Reason.UNAVAILABLE, "the copy was interrupted (the process is stopping)");
            }
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new GatewayException(Reason.INTERNAL, "this JVM has no MD5 digest", e);
        }
    }
}
