package gateway.perf;

import gateway.ingest.process.WorkerProcess;
import gateway.model.asset.AssetId;
import gateway.model.asset.DurableFiles;
import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * {@code ./gateway bench --mutate}: hostile originals through the real ingest worker. Makes real
 * originals with the demo's sample generator (small: QuickTime ProRes with timecode, QuickTime
 * H.264 with four channels, MP4, MXF DNxHD, Broadcast WAV), damages copies of them (truncations,
 * flipped header and body bytes, blown size fields, insertions, zeroed ranges), ingests each in the
 * worker JVM the node starts for a job ({@link WorkerProcess}: probe, checksums, the whole proxy
 * ladder), and classifies the outcome: done, or the failure's reason. INTERNAL (a failure that
 * blames the gateway), a worker that had to be stopped at its time limit (hung), a worker process
 * left running, and files left in the asset folder by a failed ingest are what the run is for.
 */
final class MutationBench {
    /** How an original is damaged. */
    enum Mutation {
        TRUNCATE,
        TRUNCATE_HEAD,
        FLIP_HEADER,
        FLIP_BODY,
        BLOW_SIZE,
        INSERT,
        ZERO_RANGE
    }

    /** One ingest of one damaged file. */
    record Trial(String file, Mutation mutation, String outcome, String message, boolean hung, List<Path> leftovers) {}

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] KLV_PREFIX = HEX.parseHex("060e2b34");

    private final Path work;
    private final int files;
    private final Duration perFile;

    MutationBench(Path work, int files, Duration perFile) {
        this.work = work;
        this.files = files;
        this.perFile = perFile;
    }

    List<Trial> run() throws IOException {
        Path dir = work.resolve("mutate");
        deleteTree(dir);
        Path originals = Files.createDirectories(dir.resolve("originals"));
        Path damaged = Files.createDirectories(dir.resolve("damaged"));
        Path assets = Files.createDirectories(dir.resolve("assets"));
        Path kept = Files.createDirectories(dir.resolve("internal"));
        List<Path> sources = new ArrayList<>();
        for (Map.Entry<String, SampleSpec> e : originals().entrySet()) {
            Path out = originals.resolve(e.getKey());
            new SampleOriginals().generate(e.getValue(), out);
            sources.add(out);
            System.out.printf(Locale.ROOT, "mutate: original %s (%d bytes)%n", out.getFileName(), Files.size(out));
        }
        WorkerProcess worker = WorkerProcess.mediaTasks();
        List<Trial> trials = new ArrayList<>();
        Mutation[] kinds = Mutation.values();
        for (int i = 0; i < files; i++) {
            Path source = sources.get(i % sources.size());
            Mutation kind = kinds[(i / sources.size()) % kinds.length];
            Random random = new Random(20261207L * 31 + i);
            byte[] bytes = mutate(Files.readAllBytes(source), kind, random);
            String name = String.format(
                    Locale.ROOT, "%03d-%s-%s", i, kind.name().toLowerCase(Locale.ROOT), source.getFileName());
            Path file = damaged.resolve(name);
            Files.write(file, bytes);
            Trial t = ingest(worker, file, kind, assets.resolve(String.format(Locale.ROOT, "%03d", i)));
            trials.add(t);
            if (t.outcome().equals("INTERNAL") || t.hung() || !t.leftovers().isEmpty()) {
                Files.copy(file, kept.resolve(name));
            }
            Files.delete(file);
            System.out.printf(
                    Locale.ROOT,
                    "mutate: %d/%d %s: %s%s%s%n",
                    i + 1,
                    files,
                    name,
                    t.outcome(),
                    t.hung() ? " (hung)" : "",
                    t.leftovers().isEmpty() ? "" : " (" + t.leftovers().size() + " files left)");
        }
        return trials;
    }

    private Trial ingest(WorkerProcess worker, Path file, Mutation kind, Path assetDir) throws IOException {
        Files.createDirectories(assetDir);
        String outcome;
        String message = "";
        boolean hung = false;
        try {
            worker.run(
                    List.of("ingest", "mutate", AssetId.random().value(), file.toString(), assetDir.toString(), "25"),
                    perFile,
                    p -> {});
            outcome = "done";
        } catch (GatewayException e) {
            outcome = e.reason().name();
            message = e.getMessage();
            hung = e.getMessage().contains("ran past its");
        }
        List<Path> leftovers = new ArrayList<>();
        boolean done = outcome.equals("done");
        try (Stream<Path> all = Files.walk(assetDir)) {
            all.filter(Files::isRegularFile)
                    .filter(f -> !done || f.getFileName().toString().endsWith(DurableFiles.TEMP_SUFFIX))
                    .forEach(leftovers::add);
        }
        long children = ProcessHandle.current().descendants().count();
        if (children > 0) {
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
            message += " [" + children + " worker process(es) still running after the ingest returned]";
            hung = true;
        }
        deleteTree(assetDir);
        return new Trial(file.getFileName().toString(), kind, outcome, message, hung, leftovers);
    }

    /** The originals: the demo's generator with the demo's formats, kept small (a second or two each). */
    static Map<String, SampleSpec> originals() {
        Map<String, SampleSpec> m = new LinkedHashMap<>();
        FrameRate p25 = FrameRate.FPS_25;
        FrameRate p23 = FrameRate.FPS_23_976;
        m.put(
                "prores-tc.mov",
                new SampleSpec(
                        SampleSpec.Container.MOV,
                        SampleSpec.Codec.PRORES_HQ,
                        640,
                        360,
                        p25,
                        50,
                        Timecode.parse("01:00:00:00", p25),
                        "A001C003",
                        2,
                        24,
                        true));
        m.put(
                "h264-4ch.mov",
                new SampleSpec(
                        SampleSpec.Container.MOV,
                        SampleSpec.Codec.H264,
                        640,
                        360,
                        p23,
                        48,
                        Timecode.parse("14:00:00:00", p23),
                        "B002C011",
                        4,
                        24,
                        true));
        m.put(
                "phone.mp4",
                new SampleSpec(
                        SampleSpec.Container.MP4,
                        SampleSpec.Codec.H264,
                        640,
                        360,
                        FrameRate.FPS_29_97,
                        60,
                        Timecode.parse("00:00:00:00", FrameRate.FPS_29_97),
                        null,
                        2,
                        16,
                        true));
        m.put(
                "dnxhr.mxf",
                new SampleSpec(
                        SampleSpec.Container.MXF,
                        SampleSpec.Codec.DNXHD,
                        1280,
                        720,
                        p25,
                        25,
                        Timecode.parse("00:00:00:00", p25),
                        null,
                        2,
                        24,
                        true));
        m.put(
                "sound.wav",
                new SampleSpec(
                        SampleSpec.Container.WAV,
                        SampleSpec.Codec.NONE,
                        0,
                        0,
                        p23,
                        48,
                        Timecode.parse("12:39:59:00", p23),
                        "SR001",
                        2,
                        24,
                        false));
        return m;
    }

    /** {@code original} damaged by {@code kind}, at places {@code random} chooses. */
    static byte[] mutate(byte[] original, Mutation kind, Random random) {
        byte[] b = original.clone();
        int n = b.length;
        switch (kind) {
            case TRUNCATE -> {
                return java.util.Arrays.copyOf(b, (int) (n * (0.05 + 0.9 * random.nextDouble())));
            }
            case TRUNCATE_HEAD -> {
                return java.util.Arrays.copyOf(b, 1 + random.nextInt(Math.min(n - 1, 64 * 1024)));
            }
            case FLIP_HEADER -> {
                int span = Math.min(n, 4096);
                for (int k = 1 + random.nextInt(16); k > 0; k--) {
                    b[random.nextInt(span)] ^= (byte) (1 + random.nextInt(255));
                }
            }
            case FLIP_BODY -> {
                for (int k = 1 + random.nextInt(64); k > 0; k--) {
                    int from = Math.min(4096, n - 1);
                    b[from + random.nextInt(n - from)] ^= (byte) (1 + random.nextInt(255));
                }
            }
            case BLOW_SIZE -> blowSize(b, random);
            case INSERT -> {
                int at = random.nextInt(n);
                byte[] junk = new byte[1 + random.nextInt(4096)];
                random.nextBytes(junk);
                byte[] out = new byte[n + junk.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(junk, 0, out, at, junk.length);
                System.arraycopy(b, at, out, at + junk.length, n - at);
                return out;
            }
            case ZERO_RANGE -> {
                int at = random.nextInt(n);
                java.util.Arrays.fill(b, at, Math.min(n, at + 1 + random.nextInt(16 * 1024)), (byte) 0);
            }
        }
        return b;
    }

    /**
     * Sets one size field to a value that cannot be right: a QuickTime box's 32-bit size, a RIFF
     * chunk's, or an MXF KLV's BER length, chosen among those the file has.
     */
    static void blowSize(byte[] b, Random random) {
        List<Integer> sizes = new ArrayList<>();
        int kind;
        if (b.length > 12 && new String(b, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1).matches("RIFF|RF64")) {
            kind = 1;
            for (int at = 12; at + 8 <= b.length; ) {
                sizes.add(at + 4);
                long size = Integer.toUnsignedLong((b[at + 4] & 0xff)
                        | (b[at + 5] & 0xff) << 8
                        | (b[at + 6] & 0xff) << 16
                        | (b[at + 7] & 0xff) << 24);
                at += (int) Math.min(Integer.MAX_VALUE - 16, 8 + size + (size & 1));
            }
        } else if (b.length > 16 && java.util.Arrays.equals(b, 0, 4, KLV_PREFIX, 0, 4)) {
            kind = 2;
            for (int at = 0; at + 17 < b.length && sizes.size() < 4096; at++) {
                if (java.util.Arrays.equals(b, at, at + 4, KLV_PREFIX, 0, 4)) {
                    sizes.add(at + 16);
                }
            }
        } else {
            kind = 0;
            collectBoxes(b, 0, b.length, sizes, 0);
        }
        if (sizes.isEmpty()) {
            b[random.nextInt(b.length)] ^= (byte) 0xff;
            return;
        }
        int at = sizes.get(random.nextInt(sizes.size()));
        int[] values = {0xFFFFFFFF, 0x7FFFFFFF, 0, 1, 7, 0x00100000};
        int v = values[random.nextInt(values.length)];
        switch (kind) {
            case 1 -> { // little-endian u32
                b[at] = (byte) v;
                b[at + 1] = (byte) (v >>> 8);
                b[at + 2] = (byte) (v >>> 16);
                b[at + 3] = (byte) (v >>> 24);
            }
            case 2 -> { // a BER length: long form with the value's bytes, or a short form of 0x7f
                if (at + 5 <= b.length && random.nextBoolean()) {
                    b[at] = (byte) 0x84;
                    b[at + 1] = (byte) (v >>> 24);
                    b[at + 2] = (byte) (v >>> 16);
                    b[at + 3] = (byte) (v >>> 8);
                    b[at + 4] = (byte) v;
                } else {
                    b[at] = (byte) (random.nextBoolean() ? 0x7f : 0x88);
                }
            }
            default -> { // big-endian u32
                b[at] = (byte) (v >>> 24);
                b[at + 1] = (byte) (v >>> 16);
                b[at + 2] = (byte) (v >>> 8);
                b[at + 3] = (byte) v;
            }
        }
    }

    /** The offsets of the size fields of the boxes in [from, to), and of the container boxes' children. */
    private static void collectBoxes(byte[] b, int from, int to, List<Integer> out, int depth) {
        int at = from;
        while (at + 8 <= to && depth < 6) {
            long size = Integer.toUnsignedLong(
                    (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff));
            String type = new String(b, at + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (size < 8 || at + size > to) {
                return;
            }
            out.add(at);
            if (type.matches("moov|trak|mdia|minf|stbl|udta|edts|dinf")) {
                collectBoxes(b, at + 8, (int) (at + size), out, depth + 1);
            }
            at += (int) size;
        }
    }

    /** The table: one row per mutation, one column per outcome, and the totals. */
    static void print(List<Trial> trials) {
        List<String> outcomes = trials.stream()
                .map(Trial::outcome)
                .distinct()
                .sorted(Comparator.comparing((String o) -> !o.equals("done")).thenComparing(o -> o))
                .toList();
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-14s %6s", "mutation", "files"));
        outcomes.forEach(o -> head.append(String.format(Locale.ROOT, " %12s", o)));
        head.append(String.format(Locale.ROOT, " %6s %12s", "hung", "files left"));
        System.out.println(head);
        Map<Mutation, List<Trial>> byKind = new EnumMap<>(Mutation.class);
        trials.forEach(t ->
                byKind.computeIfAbsent(t.mutation(), k -> new ArrayList<>()).add(t));
        byKind.forEach((kind, ts) -> System.out.println(row(kind.name().toLowerCase(Locale.ROOT), ts, outcomes)));
        System.out.println(row("all", trials, outcomes));
        trials.stream()
                .filter(t -> t.outcome().equals("INTERNAL")
                        || t.hung()
                        || !t.leftovers().isEmpty())
                .forEach(t -> System.out.println("  " + t.file() + ": " + t.outcome() + " " + t.message()
                        + (t.leftovers().isEmpty() ? "" : " left " + t.leftovers())));
    }

    private static String row(String name, List<Trial> ts, List<String> outcomes) {
        StringBuilder r = new StringBuilder(String.format(Locale.ROOT, "%-14s %6d", name, ts.size()));
        for (String o : outcomes) {
            r.append(String.format(
                    Locale.ROOT,
                    " %12d",
                    ts.stream().filter(t -> t.outcome().equals(o)).count()));
        }
        r.append(String.format(
                Locale.ROOT,
                " %6d %12d",
                ts.stream().filter(Trial::hung).count(),
                ts.stream().mapToLong(t -> t.leftovers().size()).sum()));
        return r.toString();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
