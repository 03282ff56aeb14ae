package gateway.ingest.offload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CardOffloadTest {
    @TempDir
    Path dir;

    @Test
    void copiesHashesInTheSamePassAndKeepsRelativePathsAndModificationTimes() throws Exception {
        Path card = dir.resolve("A001");
        List<Path> files = CardFixture.card(card);
        Path dest = dir.resolve("store/originals/p/A001");

        List<HashedFile> copies = new CardOffload().offload(card, files, dest);

        assertEquals(3, copies.size());
        for (int i = 0; i < files.size(); i++) {
            HashedFile c = copies.get(i);
            Path source = files.get(i);
            assertEquals(dest.resolve(card.relativize(source)), c.file());
            assertEquals(source, c.source());
            assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(c.file()));
            assertEquals(CardFixture.independent(source), c.checksums());
            assertEquals(Files.size(source), c.sizeBytes());
            assertEquals(Files.getLastModifiedTime(source), Files.getLastModifiedTime(c.file()));
        }
        assertEquals("CLIPS/A001C001.mov", copies.get(0).relativePath());
        assertEquals(3, CardFixture.filesUnder(dest).size(), "no temp files left: " + CardFixture.filesUnder(dest));
    }

    @Test
    void aCopyDamagedBeforeVerificationFailsCorruptNamingTheFileAndLeavesNothing() throws Exception {
        Path card = dir.resolve("A002");
        List<Path> files = CardFixture.card(card);
        Path dest = dir.resolve("store/originals/p/A002");
        CardOffload damaging = new CardOffload(copies -> {
            Path victim = copies.get(1).file();
            try (FileChannel ch = FileChannel.open(victim, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ByteBuffer one = ByteBuffer.allocate(1);
                ch.read(one, 1000);
                one.flip();
                byte flipped = (byte) (one.get(0) ^ 0x01);
                ch.write(ByteBuffer.wrap(new byte[] {flipped}), 1000);
            }
        });

        GatewayException e = assertThrows(GatewayException.class, () -> damaging.offload(card, files, dest));

        assertEquals(Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains("A001C002.mov"), e.getMessage());
        assertFalse(Files.exists(dest), "the offload removes every file and folder it made");
        assertFalse(Files.exists(dir.resolve("store")), "nor the folders above it that it created");
        assertEquals(3, CardFixture.filesUnder(card).size(), "the card is untouched");
    }

    @Test
    void aRetryKeepsIdenticalCopiesButRefusesAnotherCardWithTheSameName() throws Exception {
        Path card = dir.resolve("A003");
        List<Path> files = CardFixture.card(card);
        Path dest = dir.resolve("store/originals/p/A003");
        new CardOffload().offload(card, files, dest);

        List<HashedFile> again = new CardOffload().offload(card, files, dest);
        assertEquals(3, again.size());

        Path other = dir.resolve("elsewhere/A003");
        Files.createDirectories(other.resolve("CLIPS"));
        Files.write(other.resolve("CLIPS/A001C001.mov"), new byte[] {1, 2, 3});
        GatewayException e = assertThrows(GatewayException.class, () -> new CardOffload()
                .offload(other, List.of(other.resolve("CLIPS/A001C001.mov")), dest));
        assertEquals(Reason.ALREADY_EXISTS, e.reason());
        assertEquals(
                CardFixture.independent(files.get(0)), CardFixture.independent(dest.resolve("CLIPS/A001C001.mov")));
    }
}
