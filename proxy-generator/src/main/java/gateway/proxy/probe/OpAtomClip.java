package gateway.proxy.probe;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Avid MediaFiles clip: OP-Atom MXF files, one essence track each, that share their material
 * package's UMID, in one folder (Avid keeps a project's media in {@code Avid MediaFiles/MXF/<n>/}).
 * The picture file stands for the clip; its sound files are its audio tracks, in file-name order.
 * Also where each file's clip-wrapped essence lies (one KLV holding all of it), which GStreamer
 * 1.22's mxfdemux cannot read to the end (it splits neither ffmpeg's DNxHD nor its PCM essence):
 * {@code frameBytes} is the picture essence length divided by the frame count (constant-size
 * frames, as DNxHD / DNxHR are coded); sound essence is little-endian PCM (SMPTE ST 382).
 */
public record OpAtomClip(
        Path picture,
        List<SoundTrack> sound,
        String materialPackage,
        int width,
        int height,
        FrameRate rate,
        long frames,
        boolean dnxhd,
        long essenceOffset,
        long essenceBytes) {

    /** One sound file of the clip: its PCM layout and where its essence lies. */
    public record SoundTrack(Path file, int channels, int sampleRate, int bits, long essenceOffset, long essenceBytes) {
        /** The bytes of one sample of every channel. */
        public int blockBytes() {
            return channels * ((bits + 7) / 8);
        }
    }

    private static final byte[] ESSENCE_PREFIX = {0x06, 0x0e, 0x2b, 0x34, 0x01, 0x02, 0x01, 0x01, 0x0d, 0x01, 0x03, 0x01
    };
    /** Byte 12 of an essence element key: a GC picture item, a GC sound item. */
    private static final int PICTURE_ITEM = 0x15;

    private static final int SOUND_ITEM = 0x16;

    private static final int MAX_KLVS = 100_000;

    public OpAtomClip {
        sound = List.copyOf(sound);
    }

    /** A sound file's track number in its name: Avid's {@code .A1.}, or {@code _A01} before the extension. */
    private static final Pattern TRACK_IN_NAME = Pattern.compile("(?i)[._]A(0*)([1-9][0-9]?)(?=[._])");

    /**
     * A warning when the sound files number their tracks in their names and numbers are missing
     * below the highest found (an OP-Atom set copied without one of its sound files): which files
     * are missing. A missing last file leaves no gap and cannot be told from the files' names.
     */
    public Optional<String> missingSound() {
        java.util.TreeMap<Integer, Path> byNumber = new java.util.TreeMap<>();
        for (SoundTrack s : sound) {
            Matcher m = TRACK_IN_NAME.matcher(s.file().getFileName().toString());
            if (!m.find()) {
                return Optional.empty();
            }
            byNumber.put(Integer.parseInt(m.group(2)), s.file());
        }
        if (byNumber.isEmpty()) {
            return Optional.empty();
        }
        String first = byNumber.firstEntry().getValue().getFileName().toString();
        Matcher m = TRACK_IN_NAME.matcher(first);
        m.find();
        int width = m.group(1).length() + m.group(2).length();
        List<String> missing = new ArrayList<>();
        for (int n = 1; n < byNumber.lastKey(); n++) {
            if (!byNumber.containsKey(n)) {
                String number = String.format(Locale.ROOT, "%0" + width + "d", n);
                missing.add(first.substring(0, m.start(2) - m.group(1).length()) + number + first.substring(m.end(2)));
            }
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Avid OP-Atom clip incomplete: " + String.join(", ", missing) + " missing beside "
                + picture.getFileName() + " (the sound files found number their tracks up to " + byNumber.lastKey()
                + "): the asset has " + sound.size() + " of at least " + byNumber.lastKey() + " sound tracks");
    }

    /** The bytes of one frame; CORRUPT when the essence does not divide into the frame count. */
    public long frameBytes() {
        if (frames <= 0 || essenceBytes % frames != 0) {
            throw new GatewayException(
                    Reason.CORRUPT,
                    picture.getFileName() + ": the picture essence (" + essenceBytes + " bytes at byte " + essenceOffset
                            + ") does not divide into " + frames + " frames of one size");
        }
        return essenceBytes / frames;
    }

    /** The clip {@code file} is the picture file of, when it is an OP-Atom MXF with picture essence. */
    public static Optional<OpAtomClip> of(Path file) {
        Optional<MxfFile.Essence> e = essence(file);
        if (e.isEmpty() || !e.get().opAtom() || !e.get().picture() || e.get().pictureDescriptor() == null) {
            return Optional.empty();
        }
        MxfFile.Essence essence = e.get();
        MxfFile.Picture p = essence.pictureDescriptor();
        List<SoundTrack> sound = new ArrayList<>();
        for (Path sibling : mxfFilesBeside(file)) {
            if (sibling.equals(file)) {
                continue;
            }
            Optional<MxfFile.Essence> s = essence(sibling)
                    .filter(x -> x.opAtom() && x.sound() && !x.picture() && x.soundDescriptor() != null)
                    .filter(x -> essence.materialPackage() != null
                            && essence.materialPackage().equals(x.materialPackage()));
            if (s.isPresent()) {
                MxfFile.Sound d = s.get().soundDescriptor();
                if (d.channels() <= 0 || d.sampleRate() <= 0 || d.bits() <= 0) {
                    throw corrupt(
                            sibling.getFileName().toString(),
                            "OP-Atom sound descriptor without channels, rate or" + " bits (" + d.channels()
                                    + " channels, " + d.sampleRate() + " Hz, " + d.bits() + " bits)");
                }
                long[] klv = essenceElement(sibling, SOUND_ITEM);
                sound.add(new SoundTrack(sibling, d.channels(), d.sampleRate(), d.bits(), klv[0], klv[1]));
            }
        }
        long[] klv = essenceElement(file, PICTURE_ITEM);
        return Optional.of(new OpAtomClip(
                file,
                sound,
                essence.materialPackage(),
                p.width(),
                p.height(),
                p.rate(),
                p.durationFrames(),
                p.dnxhd(),
                klv[0],
                klv[1]));
    }

    /**
     * The sound files among {@code files} that belong to an OP-Atom clip whose picture file is among
     * them too (they are that clip's tracks, not assets of their own).
     */
    public static Set<Path> soundOfClips(List<Path> files) {
        Set<Path> members = new HashSet<>();
        for (Path f : files) {
            if (!f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mxf")) {
                continue;
            }
            try {
                of(f).ifPresent(c -> c.sound().stream()
                        .map(SoundTrack::file)
                        .filter(files::contains)
                        .forEach(members::add));
            } catch (GatewayException e) {
                // unreadable: ingested (and reported) on its own
            }
        }
        return members;
    }

    private static Optional<MxfFile.Essence> essence(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(16);
            ch.read(head, 0);
            head.flip();
            if (!MxfFile.sniff(head)) {
                return Optional.empty();
            }
            return Optional.of(MxfFile.read(file.getFileName().toString(), ch).essence());
        } catch (IOException | GatewayException e) {
            return Optional.empty();
        }
    }

    private static List<Path> mxfFilesBeside(Path file) {
        List<Path> out = new ArrayList<>();
        Path dir = file.toAbsolutePath().getParent();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.{mxf,MXF}")) {
            entries.forEach(p -> {
                if (Files.isRegularFile(p)) {
                    out.add(p);
                }
            });
        } catch (IOException e) {
            return List.of();
        }
        out.sort(null);
        return out;
    }

    /** Offset and length of the value of the first essence element of {@code item} (a KLV walk from the start). */
    private static long[] essenceElement(Path file, int item) {
        String name = file.getFileName().toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long pos = 0;
            ByteBuffer kl = ByteBuffer.allocate(16 + 9);
            for (int i = 0; i < MAX_KLVS && pos + 17 <= size; i++) {
                kl.clear();
                ch.read(kl, pos);
                kl.flip();
                byte[] key = new byte[16];
                kl.get(key);
                int first = kl.get() & 0xff;
                long length;
                int lengthBytes = 1;
                if (first < 0x80) {
                    length = first;
                } else {
                    int n = first & 0x7f;
                    if (n == 0 || n > 8 || kl.remaining() < n) {
                        throw corrupt(name, "a KLV length at byte " + (pos + 16) + " is malformed");
                    }
                    length = 0;
                    for (int k = 0; k < n; k++) {
                        length = (length << 8) | (kl.get() & 0xff);
                    }
                    lengthBytes += n;
                }
                long value = pos + 16 + lengthBytes;
                if (length < 0 || value + length > size) {
                    throw corrupt(
                            name,
                            "a KLV of " + length + " bytes at byte " + pos + " runs past the end of the file (" + size
                                    + " bytes): truncated");
                }
                if (isEssence(key, item)) {
                    return new long[] {value, length};
                }
                pos = value + length;
            }
        } catch (IOException e) {
            throw GatewayException.io(name + ": cannot read it: " + e.getMessage(), e);
        }
        throw corrupt(
                name, "no " + (item == PICTURE_ITEM ? "picture" : "sound") + " essence element in the OP-Atom file");
    }

    private static boolean isEssence(byte[] key, int item) {
        for (int i = 0; i < ESSENCE_PREFIX.length; i++) {
            if (key[i] != ESSENCE_PREFIX[i]) {
                return false;
            }
        }
        return (key[12] & 0xff) == item;
    }

    private static GatewayException corrupt(String name, String problem) {
        return new GatewayException(Reason.CORRUPT, name + ": " + problem);
    }
}
