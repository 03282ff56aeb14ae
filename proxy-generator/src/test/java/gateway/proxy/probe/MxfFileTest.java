package gateway.proxy.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.MediaInfo;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MXF header metadata reader on hand-built KLV (SMPTE ST 377-1 keys, local tags and batches),
 * as a camera or an Avid would write it; GStreamer's own output is read in {@code MediaProbeIT}.
 */
class MxfFileTest {
    @TempDir
    Path dir;

    private int nextUid = 1;

    @Test
    void fileWithACameraTimecodeAndClipName() throws IOException {
        Meta m = new Meta();
        byte[] filePkg = umid(2);
        Set tc = m.timecode(90_000, 25, false);
        Set fileTrack = m.track(25, 1, tc);
        m.pkg(0x37, filePkg, "A003C012", fileTrack);
        Set clip = m.clip(filePkg, 0);
        Set mtc = m.timecode(0, 25, false);
        m.pkg(0x36, umid(1), "Material", m.track(25, 1, m.sequence(mtc)), m.track(25, 1, m.sequence(clip)));

        MxfFile mxf = read(m);

        assertEquals("A003C012", mxf.reel().orElseThrow());
        assertEquals(
                new MxfFile.StartTimecode(90_000, FrameRate.FPS_25, false),
                mxf.start().orElseThrow());
    }

    @Test
    void tapeTimecodeIsOffsetByTheClipStartAndTheTapeNamesTheReel() throws IOException {
        Meta m = new Meta();
        byte[] tape = umid(3);
        byte[] filePkg = umid(2);
        m.pkg(0x37, tape, "TAPE01", m.track(25, 1, m.sequence(m.timecode(900_000, 25, false))));
        m.pkg(0x37, filePkg, "", m.track(25, 1, m.sequence(m.clip(tape, 250))));
        m.pkg(0x36, umid(1), "Material", m.track(25, 1, m.sequence(m.clip(filePkg, 0))));

        MxfFile mxf = read(m);

        assertEquals("TAPE01", mxf.reel().orElseThrow());
        assertEquals(900_250, mxf.start().orElseThrow().frames(), "10:00:00:00 plus 250 frames into the tape");
    }

    @Test
    void dropFrameAt2997TakesTheTracksEditRate() throws IOException {
        Meta m = new Meta();
        byte[] filePkg = umid(2);
        m.pkg(0x37, filePkg, "B001", m.track(30000, 1001, m.sequence(m.timecode(107_892, 30, true))));
        m.pkg(0x36, umid(1), "", m.track(30000, 1001, m.sequence(m.clip(filePkg, 0))));

        MxfFile.StartTimecode start = read(m).start().orElseThrow();

        assertEquals(FrameRate.FPS_29_97, start.rate());
        assertTrue(start.dropFrame());
        assertEquals(107_892, start.frames());
    }

    @Test
    void noTimecodeComponentMeansNoStart() throws IOException {
        Meta m = new Meta();
        m.pkg(0x36, umid(1), "Only a name", m.track(25, 1, m.sequence(m.clip(umid(9), 0))));

        MxfFile mxf = read(m);

        assertFalse(mxf.start().isPresent());
        assertEquals("Only a name", mxf.clipName().orElseThrow(), "the material package names the clip");
        assertFalse(mxf.reel().isPresent(), "and no source package names a reel");
    }

    @Test
    void noTimecodeIsAWarningInTheProbe() throws IOException {
        Meta m = new Meta();
        m.pkg(0x36, umid(1), "C0001", m.track(25, 1, m.sequence(m.clip(umid(9), 0))));
        MediaInfo discovered = new MediaInfo(
                "C0001.mxf", "mxf", FrameRate.FPS_25, 25, null, null, null, List.of(), false, null, List.of());

        MediaInfo info = MediaProbe.withMxfSource(discovered, read(m), List.of());

        assertEquals(null, info.startTimecode());
        assertEquals("C0001", info.clipName());
        assertEquals(1, info.warnings().size(), info.warnings().toString());
        assertTrue(
                info.warnings().get(0).startsWith("no start timecode"),
                info.warnings().toString());
    }

    @Test
    void timecodeComponentNamedDirectlyByTheTrack() throws IOException {
        Meta m = new Meta();
        byte[] filePkg = umid(2);
        Set tc = m.timecode(1_080_000, 25, false);
        m.pkg(0x37, filePkg, "R2", m.track(25, 1, tc));
        m.pkg(0x36, umid(1), "M", m.track(25, 1, m.clip(filePkg, 0)));

        MxfFile mxf = read(m);

        assertEquals(1_080_000, mxf.start().orElseThrow().frames());
        assertEquals("R2", mxf.reel().orElseThrow());
        assertEquals("M", mxf.clipName().orElseThrow());
    }

    @Test
    void timecodeInANestedSequence() throws IOException {
        Meta m = new Meta();
        Set inner = m.sequence(m.timecode(3_600 * 30, 30, true));
        m.pkg(0x36, umid(1), "M", m.track(30000, 1001, m.sequence(inner)));

        MxfFile.StartTimecode start = read(m).start().orElseThrow();

        assertEquals(108_000, start.frames());
        assertEquals(FrameRate.FPS_29_97, start.rate());
        assertTrue(start.dropFrame());
    }

    @Test
    void referenceCyclesEnd() throws IOException {
        Meta m = new Meta();
        byte[] a = umid(2);
        byte[] b = umid(3);
        // two source packages naming each other, and a sequence that contains itself
        Set loop = m.set(0x0f);
        loop.refs(0x1001, loop);
        m.pkg(0x37, a, "A", m.track(25, 1, m.sequence(m.clip(b, 0))), m.track(25, 1, loop));
        m.pkg(0x37, b, "B", m.track(25, 1, m.sequence(m.clip(a, 0))));
        m.pkg(0x36, umid(1), "M", m.track(25, 1, m.sequence(m.clip(a, 0))));

        MxfFile mxf = read(m);

        assertFalse(mxf.start().isPresent());
        assertEquals("B", mxf.reel().orElseThrow(), "the lowest package of the chain M, A, B");
    }

    @Test
    void audioClipStartIsConvertedToFrames() throws IOException {
        Meta m = new Meta();
        byte[] tape = umid(3);
        byte[] filePkg = umid(2);
        m.pkg(0x37, tape, "TAPE02", m.track(25, 1, m.sequence(m.timecode(90_000, 25, false))));
        // the file package's only clip into the tape is on a 48 kHz track: 96000 samples = 2 s = 50 frames
        m.pkg(0x37, filePkg, "", m.track(48000, 1, m.sequence(m.clip(tape, 96_000))));
        m.pkg(0x36, umid(1), "M", m.track(25, 1, m.sequence(m.clip(filePkg, 0))));

        assertEquals(90_050, read(m).start().orElseThrow().frames());
    }

    @Test
    void kagFillBeforeTheHeaderMetadataIsSkipped() throws IOException {
        Meta m = new Meta();
        m.pkg(0x36, umid(1), "M", m.track(25, 1, m.sequence(m.timecode(250, 25, false))));
        m.leadingFill = 300;

        assertEquals(250, read(m).start().orElseThrow().frames());
    }

    @Test
    void headerMetadataRunningPastTheFileIsCorrupt() throws IOException {
        Meta m = new Meta();
        m.pkg(0x36, umid(1), "M", m.track(25, 1, m.sequence(m.timecode(250, 25, false))));
        m.headerByteCountOverride = 1 << 20;

        GatewayException e = assertThrows(GatewayException.class, () -> read(m));
        assertEquals(Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains("runs past the end of the file"), e.getMessage());
    }

    @Test
    void aPropertyRunningPastItsSetIsCorrupt() throws IOException {
        Meta m = new Meta();
        Set broken = m.set(0x14);
        broken.raw(0x1501, new byte[8]);
        broken.lengthOverride = 200;
        GatewayException e = assertThrows(GatewayException.class, () -> read(m));
        assertEquals(Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().startsWith("x.mxf: MXF header metadata"), e.getMessage());
    }

    @Test
    void aTimecodeTrackThatJumpsIsATimecodeBreakWithWhere() throws IOException {
        Meta m = new Meta();
        byte[] filePkg = umid(2);
        // 10:00:00:00 for 50 frames, then the recording resumes at 11:00:00:00
        Set first = m.timecode(900_000, 25, false)
                .raw(0x0202, ByteBuffer.allocate(8).putLong(50).array());
        Set second = m.timecode(990_000, 25, false)
                .raw(0x0202, ByteBuffer.allocate(8).putLong(25).array());
        m.pkg(0x37, filePkg, "REEL7", m.track(25, 1, m.sequence(first, second)));
        m.pkg(0x36, umid(1), "Material", m.track(25, 1, m.sequence(m.clip(filePkg, 0))));

        MxfFile mxf = read(m);

        assertEquals(
                new MxfFile.StartTimecode(900_000, FrameRate.FPS_25, false),
                mxf.start().orElseThrow());
        assertEquals(
                List.of("timecode break: the MXF timecode of package REEL7 jumps after frame 50 of the file, from"
                        + " 10:00:01:24 to 11:00:00:00 (2 timecode components); the start timecode and the proxies"
                        + " follow the first, and a conform by timecode past the break will miss"),
                mxf.problems());
    }

    @Test
    void timecodeComponentsThatFollowOnAreNoBreak() throws IOException {
        Meta m = new Meta();
        byte[] filePkg = umid(2);
        Set first = m.timecode(900_000, 25, false)
                .raw(0x0202, ByteBuffer.allocate(8).putLong(50).array());
        Set second = m.timecode(900_050, 25, false)
                .raw(0x0202, ByteBuffer.allocate(8).putLong(25).array());
        m.pkg(0x37, filePkg, "REEL7", m.track(25, 1, m.sequence(first, second)));
        m.pkg(0x36, umid(1), "Material", m.track(25, 1, m.sequence(m.clip(filePkg, 0))));

        assertEquals(List.of(), read(m).problems());
    }

    @Test
    void sniffsOnlyAHeaderPartition() {
        byte[] header = HexFormat.of().parseHex("060e2b34020501010d01020101020400");
        byte[] footer = HexFormat.of().parseHex("060e2b34020501010d01020101040400");
        assertTrue(MxfFile.sniff(ByteBuffer.wrap(header)));
        assertFalse(MxfFile.sniff(ByteBuffer.wrap(footer)));
        assertFalse(MxfFile.sniff(ByteBuffer.wrap("not an mxf file at all".getBytes(StandardCharsets.US_ASCII))));
    }

    private MxfFile read(Meta m) throws IOException {
        Path f = Files.write(dir.resolve("x.mxf"), m.file());
        try (FileChannel ch = FileChannel.open(f)) {
            return MxfFile.read("x.mxf", ch);
        }
    }

    private byte[] umid(int n) {
        byte[] u = new byte[32];
        u[0] = 0x06;
        u[31] = (byte) n;
        return u;
    }

    /** One local set being built. */
    private final class Set {
        final int type;
        final byte[] uid = new byte[16];
        final ByteArrayOutputStream props = new ByteArrayOutputStream();
        int lengthOverride = -1;

        Set(int type) {
            this.type = type;
            uid[15] = (byte) nextUid;
            uid[14] = (byte) (nextUid++ >> 8);
            raw(0x3c0a, uid);
        }

        Set raw(int tag, byte[] value) {
            props.write(tag >> 8);
            props.write(tag);
            int len = lengthOverride >= 0 ? lengthOverride : value.length;
            props.write(len >> 8);
            props.write(len);
            props.writeBytes(value);
            return this;
        }

        Set refs(int tag, Set... targets) {
            ByteBuffer b = ByteBuffer.allocate(8 + 16 * targets.length);
            b.putInt(targets.length).putInt(16);
            for (Set t : targets) {
                b.put(t.uid);
            }
            return raw(tag, b.array());
        }

        byte[] klv() {
            byte[] key = HexFormat.of().parseHex("060e2b34025301010d01010101010000");
            key[14] = (byte) type;
            byte[] value = props.toByteArray();
            if (lengthOverride >= 0) {
                // the last property claims more bytes than the set holds
                value[value.length - 8 - 2] = (byte) (lengthOverride >> 8);
                value[value.length - 8 - 1] = (byte) lengthOverride;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(key);
            out.write(0x83);
            out.write(value.length >> 16);
            out.write(value.length >> 8);
            out.write(value.length);
            out.writeBytes(value);
            return out.toByteArray();
        }
    }

    /** Header metadata being built: a primer (skipped by the reader), a fill, and the sets. */
    private final class Meta {
        final List<Set> sets = new ArrayList<>();
        /** Bytes of a fill item between the partition pack and the primer (KAG alignment), 0 for none. */
        int leadingFill;
        /** A header byte count other than the true one, -1 for the true one. */
        long headerByteCountOverride = -1;

        Set set(int type) {
            Set s = new Set(type);
            sets.add(s);
            return s;
        }

        Set timecode(long start, int base, boolean df) {
            return set(0x14)
                    .raw(0x1501, ByteBuffer.allocate(8).putLong(start).array())
                    .raw(0x1502, ByteBuffer.allocate(2).putShort((short) base).array())
                    .raw(0x1503, new byte[] {(byte) (df ? 1 : 0)});
        }

        Set clip(byte[] sourcePackage, long startPosition) {
            return set(0x11)
                    .raw(0x1101, sourcePackage)
                    .raw(0x1102, ByteBuffer.allocate(4).putInt(1).array())
                    .raw(0x1201, ByteBuffer.allocate(8).putLong(startPosition).array());
        }

        Set sequence(Set... components) {
            return set(0x0f).refs(0x1001, components);
        }

        Set track(int num, int den, Set sequence) {
            return set(0x3b)
                    .raw(0x4b01, ByteBuffer.allocate(8).putInt(num).putInt(den).array())
                    .raw(0x4803, sequence.uid);
        }

        void pkg(int type, byte[] umid, String name, Set... tracks) {
            set(type)
                    .raw(0x4401, umid)
                    .raw(0x4402, name.getBytes(StandardCharsets.UTF_16BE))
                    .refs(0x4403, tracks);
        }

        byte[] file() {
            ByteArrayOutputStream meta = new ByteArrayOutputStream();
            // primer: 1 item of 18 bytes (tag 0x3c0a → instance UID)
            meta.writeBytes(HexFormat.of().parseHex("060e2b34020501010d01020101050100"));
            meta.write(0x1a);
            meta.writeBytes(ByteBuffer.allocate(26)
                    .putInt(1)
                    .putInt(18)
                    .putShort((short) 0x3c0a)
                    .put(HexFormat.of().parseHex("060e2b34010101010101150200000000"))
                    .array());
            // fill
            meta.writeBytes(HexFormat.of().parseHex("060e2b34010101020301021001000000"));
            meta.write(4);
            meta.writeBytes(new byte[4]);
            for (Set s : sets) {
                meta.writeBytes(s.klv());
            }
            byte[] metadata = meta.toByteArray();
            ByteBuffer pack = ByteBuffer.allocate(88);
            pack.putShort((short) 1).putShort((short) 3).putInt(1); // version, KAG
            pack.putLong(0).putLong(0).putLong(0); // this, previous, footer partition
            pack.putLong(headerByteCountOverride >= 0 ? headerByteCountOverride : metadata.length)
                    .putLong(0); // header byte count, index byte count
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            file.writeBytes(HexFormat.of().parseHex("060e2b34020501010d01020101020400"));
            file.write(88);
            file.writeBytes(pack.array());
            if (leadingFill > 0) {
                file.writeBytes(HexFormat.of().parseHex("060e2b34010101020301021001000000"));
                file.write(0x82);
                file.write(leadingFill >> 8);
                file.write(leadingFill);
                file.writeBytes(new byte[leadingFill]);
            }
            file.writeBytes(metadata);
            file.writeBytes(new byte[64]); // essence would follow
            return file.toByteArray();
        }
    }
}
