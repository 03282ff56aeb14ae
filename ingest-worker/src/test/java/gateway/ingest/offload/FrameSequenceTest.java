package gateway.ingest.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameSequenceTest {
    @TempDir
    Path dir;

    @Test
    void aClipFolderIsOneSequenceCountingTheNumbersThatHaveNoFile() throws Exception {
        Path clip = Files.createDirectories(dir.resolve("A001C001_R1AB"));
        for (int n : new int[] {3, 1, 2, 6}) {
            Files.write(clip.resolve("A001C001_R1AB." + String.format("%07d", n) + ".ari"), new byte[1]);
        }
        Files.write(clip.resolve("A001C002_R1AB.0000001.ari"), new byte[1]);

        FrameSequence s = FrameSequence.of(clip.resolve("A001C001_R1AB.0000003.ari"));

        assertEquals("A001C001_R1AB", s.clip());
        assertEquals(4, s.frames().size(), "the other clip's frame is not one of them");
        assertEquals(clip.resolve("A001C001_R1AB.0000001.ari"), s.first());
        assertEquals(2, s.missing(), "4 and 5");
    }

    @Test
    void firstFramesKeepsOneFramePerClipAndEveryOtherFile() {
        Path a1 = dir.resolve("c/A.0000001.ari");
        Path a2 = dir.resolve("c/A.0000002.ari");
        Path b1 = dir.resolve("c/B_0001.ari");
        Path mov = dir.resolve("c/A.mov");
        Path lone = dir.resolve("c/single.ari");

        assertEquals(List.of(a1, b1, mov, lone), FrameSequence.firstFrames(List.of(a2, a1, b1, mov, lone)));
        assertEquals("A", FrameSequence.clipName(a2));
        assertEquals("single", FrameSequence.clipName(lone));
    }
}
