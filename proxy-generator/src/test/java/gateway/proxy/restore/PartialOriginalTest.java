package gateway.proxy.restore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.storage.ByteRange;
import gateway.model.storage.RangeReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartialOriginalTest {
    private static final long PIECE = PartialOriginal.PIECE_BYTES;

    @TempDir
    Path dir;

    private final byte[] object = bytes(5 * PIECE + 1234);
    private final Planned plan = new Planned(
            new RestoreRanges(
                    List.of(new ByteRange(100, 3 * PIECE + 10), new ByteRange(4 * PIECE, 999)), object.length, null),
            List.of());

    @Test
    void aRestoreCutShortByAnUnavailableStoreKeepsItsPiecesAndTheNextOneFetchesOnlyTheRest() throws Exception {
        Path target = dir.resolve(".A001C003.mov.partial");
        Store cut = new Store(object, 2, Reason.UNAVAILABLE);

        GatewayException e = assertThrows(GatewayException.class, () -> PartialOriginal.write(cut, plan, target));

        assertEquals(Reason.UNAVAILABLE, e.reason());
        assertTrue(e.getMessage().contains("tier \"archive\" s3://originals/A001C003.mov"), e.getMessage());
        assertTrue(e.getMessage().contains("2 of 5 pieces"), e.getMessage());
        assertTrue(e.getMessage().contains("the next restore resumes from them"), e.getMessage());
        assertFalse(Files.exists(target), "no sparse copy until every piece is there");
        assertTrue(Files.exists(dir.resolve(".A001C003.mov.partial.fetching")));
        assertTrue(Files.exists(dir.resolve(".A001C003.mov.partial.fetched")));

        Store back = new Store(object, Integer.MAX_VALUE, null);
        long fetched = PartialOriginal.write(back, plan, target);

        assertEquals(
                List.of(
                        new ByteRange(100 + 2 * PIECE, PIECE),
                        new ByteRange(100 + 3 * PIECE, 10),
                        new ByteRange(4 * PIECE, 999)),
                back.reads,
                "only the pieces the first restore did not write");
        assertEquals(PIECE + 10 + 999, fetched);
        byte[] got = Files.readAllBytes(target);
        assertArrayEquals(
                Arrays.copyOfRange(object, 100, 100 + 3 * (int) PIECE + 10),
                Arrays.copyOfRange(got, 100, 100 + 3 * (int) PIECE + 10));
        assertArrayEquals(
                Arrays.copyOfRange(object, 4 * (int) PIECE, 4 * (int) PIECE + 999),
                Arrays.copyOfRange(got, 4 * (int) PIECE, 4 * (int) PIECE + 999));
        assertFalse(Files.exists(dir.resolve(".A001C003.mov.partial.fetching")));
        assertFalse(Files.exists(dir.resolve(".A001C003.mov.partial.fetched")));
    }

    @Test
    void aJournalOfAnotherPlanIsNotResumed() throws Exception {
        Path target = dir.resolve(".x.partial");
        assertThrows(
                GatewayException.class,
                () -> PartialOriginal.write(new Store(object, 2, Reason.UNAVAILABLE), plan, target));
        Planned other =
                new Planned(new RestoreRanges(List.of(new ByteRange(0, 3 * PIECE)), object.length, null), List.of());

        Store back = new Store(object, Integer.MAX_VALUE, null);
        PartialOriginal.write(back, other, target);

        assertEquals(
                List.of(new ByteRange(0, PIECE), new ByteRange(PIECE, PIECE), new ByteRange(2 * PIECE, PIECE)),
                back.reads,
                "every piece fetched anew");
    }

    @Test
    void anyOtherFailureLeavesNothingBehind() {
        Path target = dir.resolve(".y.partial");
        GatewayException e = assertThrows(
                GatewayException.class,
                () -> PartialOriginal.write(new Store(object, 2, Reason.CORRUPT), plan, target));
        assertEquals(Reason.CORRUPT, e.reason());
        assertEquals(List.of(), list(), "no work file, no journal");
    }

    private List<Path> list() {
        try (var files = Files.list(dir)) {
            return files.toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] bytes(long n) {
        byte[] b = new byte[(int) n];
        new Random(14).nextBytes(b);
        return b;
    }

    /** An object store that serves {@code servesPieces} reads, then fails with {@code then}. */
    private static final class Store implements RangeReader {
        final byte[] object;
        final int servesPieces;
        final Reason then;
        final List<ByteRange> reads = new ArrayList<>();
        long delivered;

        Store(byte[] object, int servesPieces, Reason then) {
            this.object = object;
            this.servesPieces = servesPieces;
            this.then = then;
        }

        @Override
        public long sizeBytes() {
            return object.length;
        }

        @Override
        public void read(ByteRange range, OutputStream out) throws IOException {
            if (reads.size() == servesPieces) {
                // half the range arrives, then the store goes away
                out.write(object, (int) range.offsetBytes(), (int) range.lengthBytes() / 2);
                GatewayException g = new GatewayException(then, describe() + ": " + range + " was cut");
                throw new IOException(g.getMessage(), g);
            }
            reads.add(range);
            out.write(object, (int) range.offsetBytes(), (int) range.lengthBytes());
            delivered += range.lengthBytes();
        }

        @Override
        public long bytesRead() {
            return delivered;
        }

        @Override
        public String describe() {
            return "tier \"archive\" s3://originals/A001C003.mov";
        }
    }
}
