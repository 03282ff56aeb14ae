package gateway.perf;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A store file system that fills up, on one node whose store is a small tmpfs the bench mounts
 * (root only; the fault is reported as skipped otherwise; its index and audit log stay on the
 * ordinary disk, {@code store.node-dir}). With one asset committed, a filler file leaves less room
 * than a copy needs: an ingest must be refused with 507 / STORAGE_FULL naming the path; a copy that
 * starts with room and loses it to the filler must fail with STORAGE_FULL and leave nothing; the
 * committed asset must stream whole meanwhile; once the filler is gone both ingest. Repeated
 * {@code --fault-runs} times (counts summed, recovery times as a median). Then, on the same node,
 * {@link LinkDropFault}.
 */
final class StoreFullFault {
    private final Path dir;
    private final Path source;
    private final int intakeMbPerSecond;
    private final int runs;
    private final Set<String> only;

    StoreFullFault(Path dir, Path source, int intakeMbPerSecond, int runs, Set<String> only) {
        this.dir = dir;
        this.source = source;
        this.intakeMbPerSecond = intakeMbPerSecond;
        this.runs = runs;
        this.only = only;
    }

    List<String> run() throws Exception {
        Path store = Files.createDirectories(dir.resolve("store"));
        long sourceBytes = Files.size(source);
        // Each run leaves two more assets (originals copied in): room for all of them, plus a copy's worth.
        long tmpfsBytes = (4 + 2L * runs) * sourceBytes + (64L << 20);
        boolean mounted = only.contains("store-full") && mount(store, tmpfsBytes);
        List<String> rows = new ArrayList<>();
        try (FaultCluster node =
                new FaultCluster(dir.resolve("node"), store, 1, FaultBench.LEASE_SECONDS, intakeMbPerSecond)) {
            node.startAll();
            String token = node.login();
            String first = ingestAndWait(node, token, FaultBench.card(dir.resolve("cards"), "FULL0", source));
            if (!only.contains("store-full")) {
                // link drops only
            } else if (!mounted) {
                rows.add("fault: store fills up: skipped (cannot mount a tmpfs here: needs root)");
            } else {
                List<Outcome> outcomes = new ArrayList<>();
                for (int r = 0; r < runs; r++) {
                    outcomes.add(full(node, token, store, first, sourceBytes, r));
                }
                rows.add(summary(outcomes, tmpfsBytes));
            }
            if (only.contains("link-drop")) {
                rows.addAll(new LinkDropFault(node, first, dir.resolve("downloads"), runs).run());
            }
        } finally {
            if (mounted) {
                run("umount", store.toString());
            }
        }
        return rows;
    }

    /** What one run of the fault did. */
    private record Outcome(
            int status,
            boolean namesPath,
            String refusal,
            String midState,
            boolean midStorageFull,
            String midError,
            boolean streams,
            long halfWritten,
            long orphans,
            boolean bothIngested,
            double resumedSeconds) {}

    private Outcome full(FaultCluster node, String token, Path store, String first, long sourceBytes, int run)
            throws Exception {
        System.out.println("  store full, run " + (run + 1) + " of " + runs + ":");
        Path filler = store.resolve("filler.bin");
        // (a) less free than the copy needs: refused at once.
        fill(filler, store, sourceBytes / 2);
        Path refusedCard = FaultBench.card(dir.resolve("cards"), "FULL" + run + "A", source);
        HttpResponse<String> refused = node.call(
                node.node(0),
                "POST",
                "/api/v1/ingest",
                token,
                FaultCluster.JSON
                        .createObjectNode()
                        .put("project", FaultCluster.PROJECT.value())
                        .put("copy", true)
                        .set("paths", FaultCluster.JSON.createArrayNode().add(refusedCard.toString())));
        JsonNode answer = FaultCluster.JSON.readTree(refused.body());
        String refusal = answer.path("reason").asText("?") + ": "
                + answer.path("message").asText(refused.body());
        System.out.println("  store full: ingest answered " + refused.statusCode() + ": " + refusal);
        // The committed asset streams whole while the store is full.
        boolean streams = streamsWhole(node, token, store, first);
        // (b) room when the copy starts, none soon after: the copy fails and leaves nothing.
        Files.delete(filler);
        fill(filler, store, sourceBytes + (2L << 20));
        Path midCard = FaultBench.card(dir.resolve("cards"), "FULL" + run + "B", source);
        String midJob = node.ingest(token, List.of(midCard))
                .path("jobs")
                .get(0)
                .path("job_id")
                .asText();
        Path filler2 = store.resolve("filler2.bin");
        fill(filler2, store, 0);
        long deadline = System.nanoTime() + FaultBench.JOB_TIMEOUT.toNanos();
        JsonNode midEnd = node.awaitJob(token, midJob, deadline, FaultCluster::isFinished);
        String midError = midEnd.path("error").path("reason").asText("") + " "
                + midEnd.path("error").path("message").asText("");
        System.out.println(
                "  store full during a copy: job " + midEnd.path("state").asText() + ": " + midError.trim());
        long half = StormFault.halfWritten(store);
        long orphans = FaultBench.orphanTemps(store);
        if (orphans > 0) {
            System.out.println("  left in the full store: " + FaultBench.orphanList(store));
        }
        // (c) space freed: both ingest.
        Files.delete(filler);
        Files.delete(filler2);
        long freedAt = System.nanoTime();
        String again = ingestAndWait(node, token, refusedCard);
        String midAgain = ingestAndWait(node, token, midCard);
        double resumed = (System.nanoTime() - freedAt) / 1e9;
        Outcome o = new Outcome(
                refused.statusCode(),
                refusal.contains(store.toString()),
                refusal,
                midEnd.path("state").asText(),
                midError.contains("STORAGE_FULL"),
                midError.trim(),
                streams,
                half,
                orphans,
                again != null && midAgain != null,
                resumed);
        System.out.println(String.format(
                Locale.ROOT,
                "  store full, run %d: refused %d %s; copy out of space %s %s; streams whole %s; half-written %d,"
                        + " orphans %d; both ingested after freeing %s in %.2f s",
                run + 1,
                o.status(),
                o.namesPath() ? "naming the store path" : "NOT naming the store path",
                o.midState(),
                o.midStorageFull() ? "(STORAGE_FULL)" : "(" + o.midError() + ")",
                o.streams() ? "yes" : "NO",
                o.halfWritten(),
                o.orphans(),
                o.bothIngested() ? "yes" : "NO",
                o.resumedSeconds()));
        return o;
    }

    private static String summary(List<Outcome> runs, long tmpfsBytes) {
        int n = runs.size();
        String statuses = String.join(
                "/",
                runs.stream().map(o -> Integer.toString(o.status())).distinct().toList());
        String midStates =
                String.join("/", runs.stream().map(Outcome::midState).distinct().toList());
        return String.format(
                Locale.ROOT,
                "fault: store fills up (tmpfs %,d bytes) x%d: ingest refused %s naming the store path %d of %d;"
                        + " copy that ran out of space %s, STORAGE_FULL %d of %d; committed asset streams whole while"
                        + " full %d of %d; half-written renditions %d, orphan temp files %d; after freeing space both"
                        + " ingested %d of %d, in %s",
                tmpfsBytes,
                n,
                statuses,
                runs.stream().filter(Outcome::namesPath).count(),
                n,
                midStates,
                runs.stream().filter(Outcome::midStorageFull).count(),
                n,
                runs.stream().filter(Outcome::streams).count(),
                n,
                runs.stream().mapToLong(Outcome::halfWritten).sum(),
                runs.stream().mapToLong(Outcome::orphans).sum(),
                runs.stream().filter(Outcome::bothIngested).count(),
                n,
                FaultBench.seconds(
                        runs.stream().mapToDouble(Outcome::resumedSeconds).toArray()));
    }

    /** Ingests {@code card} and waits for the job; the asset id if DONE, else null. */
    static String ingestAndWait(FaultCluster node, String token, Path card) throws Exception {
        String job = node.ingest(token, List.of(card))
                .path("jobs")
                .get(0)
                .path("job_id")
                .asText();
        JsonNode end = node.awaitJob(
                token, job, System.nanoTime() + FaultBench.JOB_TIMEOUT.toNanos(), FaultCluster::isFinished);
        return end.path("state").asText().equals("DONE") ? end.path("asset_id").asText() : null;
    }

    private static boolean streamsWhole(FaultCluster node, String token, Path store, String asset) throws Exception {
        var manifest = new gateway.model.asset.ManifestStore(store)
                .find(new gateway.model.asset.AssetId(asset))
                .orElseThrow();
        var edit = manifest.rendition("edit").orElseThrow();
        byte[] onDisk = Files.readAllBytes(new gateway.model.asset.ManifestStore(store)
                .assetDir(manifest.project(), manifest.assetId())
                .resolve(edit.path()));
        return Arrays.equals(onDisk, node.bytes(node.node(0), "/api/v1/assets/" + asset + "/renditions/edit", token));
    }

    /** Writes {@code filler} until the file system below {@code store} has at most {@code leaveFree} bytes free. */
    private static void fill(Path filler, Path store, long leaveFree) throws IOException {
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                long free = Files.getFileStore(store).getUsableSpace();
                if (free <= leaveFree) {
                    break;
                }
                out.write(block, 0, (int) Math.min(block.length, free - leaveFree));
            }
        } catch (IOException e) {
            if (!gateway.model.asset.StoreSpace.isNoSpace(e)) {
                throw e;
            }
        }
    }

    private static boolean mount(Path dir, long bytes) throws Exception {
        return run("mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs", dir.toString()) == 0;
    }

    private static int run(String... command) throws Exception {
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
