package gateway.proxy.transcode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.Rendition;
import gateway.proxy.probe.MediaProbe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the tests check of a sound edit rendition against its WAVE original, with three readers:
 * our probe (bext TimeReference as start timecode, iXML rate and tape), a RIFF chunk walk written
 * here (every chunk's bytes), and ffprobe (channels, rate, sample format, the bext time_reference).
 */
final class SoundEditChecks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SoundEditChecks() {}

    static void assertSoundEdit(Path original, MediaInfo probed, Rendition edit, Path file, MediaProbe probe)
            throws Exception {
        String base = original.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        assertEquals("proxy/" + base + ".wav", edit.path());
        assertEquals("audio/wav", edit.mimeType());
        assertEquals(Files.size(file), edit.sizeBytes());

        MediaInfo made = probe.probe(file);
        assertEquals(MediaProbe.WAVE_CONTAINER, made.container());
        assertEquals(probed.audio(), made.audio(), "channels, sample rate, bit depth");
        assertEquals(probed.frameRate(), made.frameRate(), "iXML timecode rate");
        assertEquals(probed.startTimecode(), made.startTimecode(), "bext TimeReference as timecode");
        assertEquals(probed.reel(), made.reel(), "iXML tape");
        assertEquals(probed.durationFrames(), made.durationFrames());

        List<Chunk> in =
                chunks(original).stream().filter(c -> !c.id().equals("ds64")).toList();
        List<Chunk> out = chunks(file);
        assertEquals("RIFF", riff(file), "an RF64 that fits comes out as RIFF");
        assertEquals(
                in.stream().map(Chunk::id).toList(), out.stream().map(Chunk::id).toList(), "every chunk, in its order");
        for (int i = 0; i < in.size(); i++) {
            assertArrayEquals(
                    in.get(i).body(), out.get(i).body(), "chunk '" + in.get(i).id() + "' copied as it was");
        }

        JsonNode a = ffprobe(original);
        JsonNode b = ffprobe(file);
        JsonNode sa = a.get("streams").get(0);
        JsonNode sb = b.get("streams").get(0);
        for (String field : new String[] {"codec_name", "channels", "sample_rate", "bits_per_sample", "duration_ts"}) {
            assertNotNull(sa.get(field), "ffprobe reads " + field + " of " + original);
            assertEquals(sa.get(field), sb.get(field), "ffprobe's " + field);
        }
        assertEquals(probed.audioChannels(), sb.get("channels").asInt());
        JsonNode tagsA = a.get("format").path("tags");
        JsonNode tagsB = b.get("format").path("tags");
        if (tagsA.has("time_reference")) {
            assertEquals(tagsA.get("time_reference"), tagsB.get("time_reference"), "ffprobe's bext time_reference");
        }
    }

    record Chunk(String id, byte[] body) {
        /** The bytes of {@code id}, which must be there. */
        static byte[] of(List<Chunk> chunks, String id) {
            return chunks.stream()
                    .filter(c -> c.id().equals(id))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no '" + id + "' chunk"))
                    .body();
        }
    }

    /** Every chunk of a RIFF / RF64 WAVE file, in file order (the data chunk's size from ds64 in RF64). */
    static List<Chunk> chunks(Path wav) throws IOException {
        byte[] all = Files.readAllBytes(wav);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        List<Chunk> chunks = new ArrayList<>();
        long ds64Data = -1;
        int at = 12;
        while (at + 8 <= all.length) {
            String id = new String(all, at, 4, StandardCharsets.US_ASCII);
            long size = Integer.toUnsignedLong(b.getInt(at + 4));
            if (id.equals("ds64")) {
                ds64Data = b.getLong(at + 8 + 8);
            }
            if (id.equals("data") && size == 0xFFFFFFFFL) {
                size = ds64Data;
            }
            byte[] body = new byte[Math.toIntExact(size)];
            System.arraycopy(all, at + 8, body, 0, body.length);
            chunks.add(new Chunk(id, body));
            at += 8 + body.length + (body.length & 1);
        }
        return chunks;
    }

    static String riff(Path wav) throws IOException {
        byte[] head = new byte[4];
        try (var in = Files.newInputStream(wav)) {
            assertEquals(4, in.readNBytes(head, 0, 4));
        }
        return new String(head, StandardCharsets.US_ASCII);
    }

    /** {@code ffprobe -show_streams -show_format -of json}. */
    static JsonNode ffprobe(Path file) throws Exception {
        Process p = new ProcessBuilder(
                        "ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("ffprobe failed on " + file);
        }
        return JSON.readTree(out);
    }
}
