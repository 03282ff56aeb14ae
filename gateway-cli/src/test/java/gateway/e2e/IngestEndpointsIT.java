package gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.client.ClientOptions;
import gateway.client.GatewayClient;
import gateway.ingest.JobStatus;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.proxy.progress.ProgressListener;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import gateway.server.GatewayNode;
import gateway.server.auth.AuditLog;
import gateway.server.auth.Role;
import gateway.server.config.GatewayConfig;
import gateway.server.config.Security;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * REST ingest over real HTTP against a real node whose {@code ingest.roots} is one folder: jobs
 * are queued and read back, paths outside the roots (directly or through a link) are refused with
 * 403 naming the path and the key, on REST and gRPC alike, and every refusal is audited.
 */
class IngestEndpointsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROJECT = "rest";

    @TempDir
    static Path dir;

    static GatewayNode node;
    static Path allowed;
    static Path original;
    static Path outside;

    @BeforeAll
    static void start() throws Exception {
        allowed = Files.createDirectories(dir.resolve("cards"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        GatewayConfig config = GatewayConfig.standalone(dir.resolve("store"), "rest")
                .withPlaintextOnLoopback()
                .withSecurity(Security.defaults().withTlsDisabled().withScryptLog2N(10))
                .withIngestRoots(List.of(allowed));
        node = GatewayNode.start(config, line -> {});
        node.users().put("asst", "asst-password", Map.of(new ProjectId(PROJECT), Role.ASSISTANT));
        node.users().put("viewer", "viewer-password", Map.of(new ProjectId(PROJECT), Role.VIEWER));
        node.users().put("other", "other-password", Map.of(new ProjectId("elsewhere"), Role.ADMIN));
        original = new SampleOriginals()
                .generate(
                        SampleSpec.proresHq1080p25()
                                .withSize(320, 180)
                                .withDurationFrames(25)
                                .withNoise(false),
                        allowed.resolve("A001C003.mov"),
                        ProgressListener.NONE);
        outside = Files.copy(original, elsewhere.resolve("B001C001.mov"));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void ingestsOverRestAndReportsTheJob() throws Exception {
        String token = login("asst", "asst-password");

        Response queued = post(token, Map.of("paths", List.of(original.toString()), "project", PROJECT));

        assertEquals(202, queued.statusCode(), queued.body());
        JsonNode jobs = JSON.readTree(queued.body()).get("jobs");
        assertEquals(1, jobs.size());
        String jobId = jobs.get(0).get("job_id").asText();
        assertEquals(original.toString(), jobs.get(0).get("path").asText());
        CompletableFuture<JobStatus> finished = new CompletableFuture<>();
        node.ingest().watch(jobId, s -> {
            if (s.isFinished()) {
                finished.complete(s);
            }
        });
        JobStatus end = finished.get(180, TimeUnit.SECONDS);

        Response read = get(token, "/api/v1/jobs/" + jobId);
        assertEquals(200, read.statusCode(), read.body());
        JsonNode job = JSON.readTree(read.body());
        assertEquals("DONE", job.get("state").asText(), read.body());
        assertEquals(100, job.get("percent").asInt());
        assertEquals(end.assetId(), job.get("asset_id").asText());
        assertTrue(job.get("error").isNull());
        assertEquals(jobId, job.get("job_id").asText());
        assertEquals(PROJECT, job.get("project").asText());

        Response asset = get(token, "/api/v1/assets/" + end.assetId());
        assertEquals(200, asset.statusCode(), "the ingested asset is in the catalogue: " + asset.body());

        // Another project's job is as unknown as one that never existed.
        Response stranger = get(login("other", "other-password"), "/api/v1/jobs/" + jobId);
        assertEquals(404, stranger.statusCode(), stranger.body());
        assertEquals(404, get(token, "/api/v1/jobs/rest:no-such-asset:0").statusCode());
    }

    /**
     * The job objects carry what an assistant must know: two MXF originals (ffmpeg) with the same
     * reel and overlapping timecode, submitted together, each warn naming the other, read over REST.
     */
    @Test
    void jobObjectsCarryTheConflictWarningsOfBothOriginals() throws Exception {
        String token = login("asst", "asst-password");
        Path a = mxf(allowed.resolve("R009_A.mxf"), "10:00:00:00");
        Path b = mxf(allowed.resolve("R009_B.mxf"), "10:00:01:00");

        Response queued = post(token, Map.of("paths", List.of(a.toString(), b.toString()), "project", PROJECT));

        assertEquals(202, queued.statusCode(), queued.body());
        JsonNode jobs = JSON.readTree(queued.body()).get("jobs");
        assertEquals(2, jobs.size(), queued.body());
        for (JsonNode j : jobs) {
            CompletableFuture<JobStatus> finished = new CompletableFuture<>();
            node.ingest().watch(j.get("job_id").asText(), s -> {
                if (s.isFinished()) {
                    finished.complete(s);
                }
            });
            finished.get(180, TimeUnit.SECONDS);
        }
        for (JsonNode j : jobs) {
            Response read = get(token, "/api/v1/jobs/" + j.get("job_id").asText());
            assertEquals(200, read.statusCode(), read.body());
            JsonNode job = JSON.readTree(read.body());
            assertEquals("DONE", job.get("state").asText(), read.body());
            String name = Path.of(job.get("path").asText()).getFileName().toString();
            String other = name.equals("R009_A.mxf") ? "R009_B.mxf" : "R009_A.mxf";
            boolean warned = false;
            for (JsonNode w : job.get("warnings")) {
                warned |= w.asText().startsWith("same reel R009 and overlapping timecode 10:00:01:00-10:00:01:24")
                        && w.asText().contains(other);
            }
            assertTrue(warned, name + "'s job object names " + other + ": " + read.body());
        }
    }

    /** Two seconds of 25 fps MPEG-2 in OP1a, reel R009, from {@code timecode}, by ffmpeg. */
    private static Path mxf(Path file, String timecode) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                        .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, "ffmpeg"))),
                "ffmpeg is not installed (./gateway test installs it)");
        Process p = new ProcessBuilder(
                        "ffmpeg",
                        "-v",
                        "error",
                        "-nostdin",
                        "-y",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc=size=320x240:rate=25",
                        "-t",
                        "2",
                        "-c:v",
                        "mpeg2video",
                        "-timecode",
                        timecode,
                        "-metadata",
                        "reel_name=R009",
                        "-f",
                        "mxf",
                        file.toString())
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "ffmpeg: " + log);
        return file;
    }

    @Test
    void pathsOutsideTheRootsAreRefusedOnRestAndGrpcAndAudited() throws Exception {
        String token = login("asst", "asst-password");
        Path link = Files.createSymbolicLink(allowed.resolve("sneaky.mov"), outside);

        for (Path p : List.of(outside, allowed.resolve("..").resolve("elsewhere"), link)) {
            Response refused = post(token, Map.of("paths", List.of(p.toString()), "project", PROJECT));
            assertEquals(403, refused.statusCode(), p + ": " + refused.body());
            JsonNode error = JSON.readTree(refused.body());
            assertEquals("PERMISSION_DENIED", error.get("reason").asText());
            assertTrue(error.get("message").asText().contains(p.toString()), error.toString());
            assertTrue(error.get("message").asText().contains("ingest.roots"), error.toString());
        }
        // The folder holding the link is inside, but a file found in it is not.
        Response folder = post(token, Map.of("paths", List.of(allowed.toString()), "project", PROJECT));
        assertEquals(403, folder.statusCode(), folder.body());
        assertTrue(folder.body().contains("sneaky.mov"), folder.body());
        Files.delete(link);

        try (GatewayClient grpc = GatewayClient.connect("127.0.0.1", node.grpcPort(), ClientOptions.plaintext())) {
            grpc.login("asst", "asst-password");
            GatewayException e = assertThrows(
                    GatewayException.class, () -> grpc.ingest(List.of(outside.toString()), PROJECT, false));
            assertEquals(Reason.PERMISSION_DENIED, e.reason());
            assertTrue(e.getMessage().contains("ingest.roots"), e.getMessage());
        }

        List<AuditLog.Entry> denials = AuditLog.read(node.auditLogFile()).stream()
                .filter(a -> a.action().equals("INGEST") && !a.allowed())
                .filter(a -> a.target().equals(outside.toString()))
                .toList();
        assertEquals(2, denials.size(), "one denial each for REST and gRPC: " + denials);
        assertEquals("asst", denials.get(0).subject());
    }

    @Test
    void aViewerMayNotIngestAndBadRequestsSayWhy() throws Exception {
        String viewer = login("viewer", "viewer-password");
        Response denied = post(viewer, Map.of("paths", List.of(original.toString()), "project", PROJECT));
        assertEquals(403, denied.statusCode(), denied.body());
        assertTrue(AuditLog.read(node.auditLogFile()).stream()
                .anyMatch(a -> a.subject().equals("viewer") && a.action().equals("INGEST") && !a.allowed()));

        String token = login("asst", "asst-password");
        assertEquals(
                400, post(token, Map.of("paths", List.of(), "project", PROJECT)).statusCode());
        assertEquals(
                400,
                post(token, Map.of("paths", List.of(original.toString()), "project", "Not A Project"))
                        .statusCode());
        assertEquals(
                404,
                post(
                                token,
                                Map.of(
                                        "paths",
                                        List.of(allowed.resolve("missing.mov").toString()),
                                        "project",
                                        PROJECT))
                        .statusCode());
        assertEquals(
                401,
                post(null, Map.of("paths", List.of(original.toString()), "project", PROJECT))
                        .statusCode());
    }

    /** A status and a body, as {@link HttpURLConnection} gives them. */
    private record Response(int statusCode, String body) {}

    private static String login(String user, String password) throws Exception {
        Response r = send("POST", "/api/v1/auth/login", null, Map.of("username", user, "password", password));
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("access_token").asText();
    }

    private static Response post(String token, Map<String, Object> body) throws Exception {
        return send("POST", "/api/v1/ingest", token, body);
    }

    private static Response get(String token, String path) throws Exception {
        return send("GET", path, token, null);
    }

    @Test
    void conformsOverRestThroughTheSameDeskAsGrpc() throws Exception {
        String token = login("asst", "asst-password");
        Response queued = post(token, Map.of("paths", List.of(original.toString()), "project", PROJECT));
        String jobId =
                JSON.readTree(queued.body()).get("jobs").get(0).get("job_id").asText();
        CompletableFuture<JobStatus> finished = new CompletableFuture<>();
        node.ingest().watch(jobId, st -> {
            if (st.isFinished()) {
                finished.complete(st);
            }
        });
        String assetId = finished.get(180, TimeUnit.SECONDS).assetId();
        byte[] edl = """
                TITLE: REST CUT
                FCM: NON-DROP FRAME

                001  A001C003 V     C        01:00:00:05 01:00:00:20 00:00:00:00 00:00:00:15
                """.getBytes(StandardCharsets.UTF_8);

        Response r = send("POST", "/api/v1/conform?project=" + PROJECT + "&file_name=cut.edl&rate=25", token, edl);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = JSON.readTree(r.body());
        assertTrue(body.get("all_matched").asBoolean(), r.body());
        assertEquals(1, body.get("totals").get("matched").asInt(), r.body());
        JsonNode event = body.get("report").get("events").get(0);
        assertEquals(assetId, event.get("asset_id").asText());
        assertEquals("edl", body.get("conformed_format").asText(), "the edit's own format by default");
        assertTrue(body.get("conformed_timeline").asText().contains("A001C003"));
        assertTrue(body.get("report_html").asText().contains("<html"));
        assertTrue(body.get("output_dir").isNull(), "no follow-up work asked for");
        // No follow-up work: nothing to follow.
        assertEquals(
                404,
                get(token, "/api/v1/conforms/" + body.get("conform_id").asText())
                        .statusCode());

        Response consolidating = send(
                "POST",
                "/api/v1/conform?project=" + PROJECT + "&file_name=cut.edl&rate=25&handles=2&consolidate=true",
                token,
                edl);
        assertEquals(200, consolidating.statusCode(), consolidating.body());
        JsonNode c = JSON.readTree(consolidating.body());
        assertTrue(c.get("consolidation_summary").asText().startsWith("restore "), consolidating.body());
        String id = c.get("conform_id").asText();
        Response progress = get(token, "/api/v1/conforms/" + id);
        assertEquals(200, progress.statusCode(), progress.body());
        assertTrue(
                List.of("consolidating", "rendering", "done", "failed")
                        .contains(JSON.readTree(progress.body()).get("stage").asText()),
                progress.body());
        int stranger =
                get(login("other", "other-password"), "/api/v1/conforms/" + id).statusCode();
        assertTrue(stranger == 403 || stranger == 404, "a stranger learns nothing: " + stranger);
        // The same progress as server-sent events: where it stands first, each change, the stream
        // ends after the final report.
        Response events = CompletableFuture.supplyAsync(() -> {
                    try {
                        return get(token, "/api/v1/conforms/" + id + "/events");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .get(120, TimeUnit.SECONDS);
        assertEquals(200, events.statusCode(), events.body());
        List<String> stages = events.body()
                .lines()
                .filter(l -> l.startsWith("data: "))
                .map(l -> {
                    try {
                        return JSON.readTree(l.substring(6)).get("stage").asText();
                    } catch (IOException e) {
                        throw new IllegalStateException(l, e);
                    }
                })
                .toList();
        assertTrue(events.body().contains("event: progress\n"), events.body());
        assertTrue(List.of("done", "failed").contains(stages.getLast()), events.body());
        int strangerEvents = get(login("other", "other-password"), "/api/v1/conforms/" + id + "/events")
                .statusCode();
        assertTrue(strangerEvents == 403 || strangerEvents == 404, "a stranger learns nothing: " + strangerEvents);

        // The master format travels: one this GStreamer cannot write is refused by name, before any work.
        Response mxf = send(
                "POST",
                "/api/v1/conform?project=" + PROJECT + "&file_name=cut.edl&rate=25&master=prores-hq-mxf",
                token,
                edl);
        assertEquals(400, mxf.statusCode(), mxf.body());
        assertTrue(mxf.body().contains("ProRes in MXF"), mxf.body());

        // A viewer may not conform; another project's admin may not conform against this project.
        assertEquals(
                403,
                send("POST", "/api/v1/conform?project=" + PROJECT, login("viewer", "viewer-password"), edl)
                        .statusCode());
        assertEquals(
                403,
                send("POST", "/api/v1/conform?project=" + PROJECT, login("other", "other-password"), edl)
                        .statusCode());
        assertEquals(
                400,
                send("POST", "/api/v1/conform?project=" + PROJECT + "&handles=-3", token, edl)
                        .statusCode());
        assertEquals(
                401,
                send("POST", "/api/v1/conform?project=" + PROJECT, null, edl).statusCode());
    }

    private static Response send(String method, String path, String token, Object body) throws IOException {
        HttpURLConnection c = (HttpURLConnection)
                URI.create("http://127.0.0.1:" + node.httpPort() + path).toURL().openConnection();
        c.setRequestMethod(method);
        if (token != null) {
            c.setRequestProperty("Authorization", "Bearer " + token);
        }
        if (body != null) {
            c.setDoOutput(true);
            boolean raw = body instanceof byte[];
            c.setRequestProperty("Content-Type", raw ? "application/octet-stream" : "application/json");
            try (OutputStream out = c.getOutputStream()) {
                out.write(raw ? (byte[]) body : JSON.writeValueAsBytes(body));
            }
        }
        int status = c.getResponseCode();
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            return new Response(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            c.disconnect();
        }
    }
}
