package gateway.ingest.offload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gateway.model.asset.DurableFiles;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store on a real file system that fills up: a 4 MiB tmpfs mounted for the test (skipped where
 * mounting is not allowed, e.g. not root; the ENOSPC path itself is covered without a mount by
 * {@code DurableFilesTest} and {@code StoreSpaceTest}).
 */
class StoreFullOffloadTest {
    @TempDir
    Path dir;

    private Path mounted;

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) {
            run("umount", mounted.toString());
        }
    }

    @Test
    void aCopyThatFillsTheStoreIsStorageFullKeepsWhatWasCommittedAndSucceedsOnceSpaceIsFreed() throws Exception {
        Path store = Files.createDirectories(dir.resolve("store"));
        assumeTrue(
                run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", store.toString()) == 0,
                "cannot mount a tmpfs here");
        mounted = store;
        byte[] committed = bytes(2_500_000, 1);
        Path kept = DurableFiles.write(store.resolve("originals/p/OLD/A000C001.mov"), committed);
        Path card = dir.resolve("A001");
        Path clip = card.resolve("CLIPS/A001C001.mov");
        Files.createDirectories(clip.getParent());
        Files.write(clip, bytes(3_000_000, 2));
        Path dest = store.resolve("originals/p/A001");

        GatewayException full =
                assertThrows(GatewayException.class, () -> new CardOffload().offload(card, List.of(clip), dest));

        assertEquals(Reason.STORAGE_FULL, full.reason(), full.getMessage());
        assertTrue(full.getMessage().contains(dest.toString()), full.getMessage());
        assertTrue(full.getMessage().contains("writing 3,000,000 bytes"), full.getMessage());
        assertEquals(List.of(kept), CardFixture.filesUnder(store), "the committed file only, no partial copy or temp");
        assertArrayEquals(committed, Files.readAllBytes(kept));
        // Asked before any byte is copied, an ingest of the same clip is refused the same way.
        OriginalsIntake intake = new OriginalsIntake(store.resolve("originals"), new CardOffload(), Clock.systemUTC());
        GatewayException refused =
                assertThrows(GatewayException.class, () -> intake.plan(card, clip, new ProjectId("p"), true));
        assertEquals(Reason.STORAGE_FULL, refused.reason());
        assertTrue(refused.getMessage().contains("the copy of A001C001.mov needs"), refused.getMessage());

        Files.delete(kept);
        List<HashedFile> copies = new CardOffload().offload(card, List.of(clip), dest);

        assertArrayEquals(
                Files.readAllBytes(clip), Files.readAllBytes(copies.get(0).file()));
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
