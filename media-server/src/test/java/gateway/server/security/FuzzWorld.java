package gateway.server.security;

import gateway.ingest.JobStatus;
import gateway.ingest.jobs.JobSpec;
import gateway.model.asset.AssetId;
import gateway.model.asset.Checksums;
import gateway.model.asset.Manifest;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.ProjectId;
import gateway.model.asset.Rendition;
import gateway.model.asset.VideoInfo;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import gateway.server.GatewayNode;
import gateway.server.auth.Role;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * The projects, assets, jobs and users of {@link AuthorisationFuzzIT}, committed straight into a
 * node's store and index (no GStreamer): per asset a small {@code edit} rendition, a fragmented
 * MP4 {@code stream-hi}, two thumbnails and a waveform. Every project leaves its own marker
 * ({@code zq<name>zq}) in its asset names, reels, cameras, codecs, original paths and in the
 * bytes of every file, so a response can be searched for anything of a project its caller may not
 * read.
 */
final class FuzzWorld {
    static final int ASSETS_PER_PROJECT = 3;

    /** One project: its id, its marker, its assets and the ids of its (finished) ingest jobs. */
    record Project(ProjectId id, String marker, String reel, List<String> assets, List<String> jobs) {
        /** The strings that must never reach a caller who may not read this project. */
        List<String> secrets() {
            List<String> s = new ArrayList<>();
            s.add(marker);
            s.add(reel);
            s.addAll(assets);
            s.addAll(jobs);
            return s;
        }
    }

    record User(String name, Map<ProjectId, Role> grants) {}

    final Map<ProjectId, Project> projects = new LinkedHashMap<>();
    final List<User> users = new ArrayList<>();

    static FuzzWorld build(GatewayNode node, Path cards) throws IOException {
        FuzzWorld w = new FuzzWorld();
        String[] names = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot"};
        for (String name : names) {
            ProjectId id = new ProjectId("p-" + name);
            String marker = "zq" + name + "zq";
            String reel = ("R" + name.toUpperCase() + "XXXXX").substring(0, 6);
            List<String> assets = new ArrayList<>();
            List<String> jobs = new ArrayList<>();
            for (int i = 0; i < ASSETS_PER_PROJECT; i++) {
                Path card = cards.resolve(marker).resolve(marker + "-clip" + i + ".mov");
                Files.createDirectories(card.getParent());
                Files.write(card, (marker + " original " + i).getBytes(StandardCharsets.US_ASCII));
                Manifest m = commit(node, id, marker, reel + i, card);
                assets.add(m.assetId().value());
                // The card was ingested: asking again gives a finished job, no worker needed.
                for (JobStatus j : node.ingest().submit(List.of(card), id)) {
                    jobs.add(j.jobId());
                }
            }
            w.projects.put(id, new Project(id, marker, reel, List.copyOf(assets), List.copyOf(jobs)));
        }
        node.index().commit();
        node.index().refresh();
        // Overlapping grants, every role, and a user with none: each project has readers and outsiders.
        w.user(node, "ann", Map.of("p-alpha", Role.ADMIN, "p-bravo", Role.VIEWER));
        w.user(node, "ben", Map.of("p-bravo", Role.EDITOR, "p-charlie", Role.ASSISTANT));
        w.user(node, "cat", Map.of("p-charlie", Role.VIEWER, "p-delta", Role.EDITOR, "p-alpha", Role.VIEWER));
        w.user(node, "dan", Map.of("p-echo", Role.ASSISTANT));
        w.user(node, "eve", Map.of("p-foxtrot", Role.ADMIN, "p-echo", Role.VIEWER, "p-alpha", Role.EDITOR));
        w.user(node, "fay", Map.of());
        return w;
    }

    private void user(GatewayNode node, String name, Map<String, Role> grants) {
        Map<ProjectId, Role> g = new LinkedHashMap<>();
        grants.forEach((p, r) -> g.put(new ProjectId(p), r));
        node.users().put(name, name + "-password", g);
        users.add(new User(name, Map.copyOf(g)));
    }

    Set<ProjectId> readable(User u) {
        return u.grants().keySet();
    }

    private static Manifest commit(GatewayNode node, ProjectId project, String marker, String reel, Path card)
            throws IOException {
        AssetId id = AssetId.random();
        Path dir = node.store().assetDir(project, id);
        Files.createDirectories(dir.resolve("proxy"));
        Files.createDirectories(dir.resolve("thumbs"));
        byte[] secret = (marker + "-bytes-").repeat(300).getBytes(StandardCharsets.US_ASCII);
        Files.write(dir.resolve("proxy/edit.mov"), secret);
        Files.write(dir.resolve("proxy/stream-hi.mp4"), FragmentedMp4.of(4, 25, marker));
        Files.write(dir.resolve("thumbs/00000000.jpg"), jpeg(marker));
        Files.write(dir.resolve("thumbs/00000050.jpg"), jpeg(marker));
        Files.writeString(
                dir.resolve("waveform.json"),
                "{\"sample_rate\":48000,\"samples_per_peak\":480,\"channels\":[[[-0.5,0.5],[-0.25,0.25]]]}");
        MediaInfo media = new MediaInfo(
                card.toString(),
                "mov",
                FrameRate.FPS_25,
                250,
                Timecode.parse("01:00:00:00", FrameRate.FPS_25),
                reel,
                new VideoInfo(marker + "codec", 1920, 1080),
                List.of(),
                false,
                new MediaInfo.Camera(marker + "cam", "model", null),
                List.of());
        Manifest m = node.store()
                .commit(new Manifest(
                        Manifest.SCHEMA_VERSION,
                        0,
                        id,
                        project,
                        card.getFileName().toString(),
                        card.toString(),
                        media,
                        new Checksums("0123456789abcdef", null),
                        List.of(
                                new Rendition(
                                        "edit",
                                        "proxy/edit.mov",
                                        "video/quicktime",
                                        secret.length,
                                        new Checksums(null, null)),
                                new Rendition(
                                        "stream-hi",
                                        "proxy/stream-hi.mp4",
                                        "video/mp4",
                                        Files.size(dir.resolve("proxy/stream-hi.mp4")),
                                        new Checksums(null, null)),
                                new Rendition(
                                        "thumbnails",
                                        "thumbs/00000000.jpg",
                                        "image/jpeg",
                                        0,
                                        new Checksums(null, null)),
                                new Rendition(
                                        "thumbnails",
                                        "thumbs/00000050.jpg",
                                        "image/jpeg",
                                        0,
                                        new Checksums(null, null)),
                                new Rendition(
                                        "waveform", "waveform.json", "application/json", 0, new Checksums(null, null))),
                        Map.of(
                                JobSpec.META_SIZE,
                                Long.toString(Files.size(card)),
                                JobSpec.META_MTIME,
                                Long.toString(Files.getLastModifiedTime(card).toMillis())),
                        Instant.now()));
        node.index().upsert(m);
        return m;
    }

    /** A small JPEG carrying {@code marker} in a comment segment. */
    private static byte[] jpeg(String marker) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB), "jpg", out);
        byte[] plain = out.toByteArray();
        byte[] comment = (marker + "-thumbnail").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(plain.length + 4 + comment.length);
        b.put(plain, 0, 2); // SOI
        b.put((byte) 0xFF)
                .put((byte) 0xFE)
                .putShort((short) (comment.length + 2))
                .put(comment);
        b.put(plain, 2, plain.length - 2);
        return b.array();
    }

    /** The smallest fragmented MP4 the fragment indexer reads: one video track, fragments of {@code frames} at 25 fps. */
    static final class FragmentedMp4 {
        private FragmentedMp4() {}

        static byte[] of(int fragments, int frames, String marker) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            box(out, "ftyp", "isom".getBytes(StandardCharsets.US_ASCII));
            byte[] tkhd = fields(84, b -> b.position(12).putInt(1));
            byte[] hdlr = fields(24, b -> b.position(8).put("vide".getBytes(StandardCharsets.US_ASCII)));
            byte[] mdhd = fields(24, b -> b.position(12).putInt(25));
            byte[] trex = fields(24, b -> b.position(4).putInt(1).putInt(1).putInt(1));
            byte[] mdia = concat(boxBytes("hdlr", hdlr), boxBytes("mdhd", mdhd));
            byte[] trak = concat(boxBytes("tkhd", tkhd), boxBytes("mdia", mdia));
            byte[] mvex = boxBytes("trex", trex);
            box(out, "moov", concat(boxBytes("trak", trak), boxBytes("mvex", mvex)));
            for (int i = 0; i < fragments; i++) {
                byte[] tfhd = fields(12, b -> b.putInt(0x000008).putInt(1).putInt(1));
                byte[] trun = fields(8, b -> b.putInt(0).putInt(frames));
                box(out, "moof", boxBytes("traf", concat(boxBytes("tfhd", tfhd), boxBytes("trun", trun))));
                box(out, "mdat", (marker + "-frame-" + i + "-").repeat(40).getBytes(StandardCharsets.US_ASCII));
            }
            return out.toByteArray();
        }

        private static byte[] fields(int size, java.util.function.Consumer<ByteBuffer> fill) {
            ByteBuffer b = ByteBuffer.allocate(size);
            fill.accept(b);
            return b.array();
        }

        private static byte[] concat(byte[] a, byte[] b) {
            byte[] out = new byte[a.length + b.length];
            System.arraycopy(a, 0, out, 0, a.length);
            System.arraycopy(b, 0, out, a.length, b.length);
            return out;
        }

        private static byte[] boxBytes(String type, byte[] body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            box(out, type, body);
            return out.toByteArray();
        }

        private static void box(ByteArrayOutputStream out, String type, byte[] body) {
            ByteBuffer h = ByteBuffer.allocate(8).putInt(8 + body.length);
            h.put(type.getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(h.array());
            out.writeBytes(body);
        }
    }
}
