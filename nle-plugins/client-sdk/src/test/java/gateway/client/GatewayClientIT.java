package gateway.client;

import static gateway.client.TestGatewayServices.CLIP;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayClientIT {
    @TempDir
    Path dir;

    private final TestGatewayServices.Authorization authorization = new TestGatewayServices.Authorization();
    private final TestGatewayServices.Catalog catalog = new TestGatewayServices.Catalog();
    private final TestGatewayServices.Conform conformService = new TestGatewayServices.Conform();
    private InProcessGateway server;
    private GatewayClient client;

    @BeforeEach
    void start() {
        server = InProcessGateway.start(
                authorization,
                new TestGatewayServices.Auth(),
                catalog,
                new TestGatewayServices.Ingest(),
                conformService);
        client = server.client(ClientOptions.plaintext().withUnaryDeadline(Duration.ofSeconds(20)));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void callsBeforeLoginAreUnauthenticated() {
        GatewayException e = assertThrows(GatewayException.class, () -> client.search("", null, 10));
        assertEquals(Reason.UNAUTHENTICATED, e.reason());
        assertEquals("no valid bearer token on the call", e.getMessage());
        assertNull(authorization.lastSeen.get(), "no token is sent before one is known");
    }

    @Test
    void loginKeepsTheTokenForLaterCalls() {
        Session session = client.login(TestGatewayServices.USER, TestGatewayServices.PASSWORD);

        assertEquals(TestGatewayServices.USER, session.subject());
        assertEquals(List.of("feature_01"), session.projects());
        assertEquals(Instant.parse("2026-11-21T12:15:00Z"), session.accessExpiresAt());
        client.listProjects();
        assertEquals("Bearer " + TestGatewayServices.ACCESS, authorization.lastSeen.get());
    }

    @Test
    void wrongPasswordIsUnauthenticatedWithTheServersReason() {
        GatewayException e = assertThrows(GatewayException.class, () -> client.login(TestGatewayServices.USER, "nope"));
        assertEquals(Reason.UNAUTHENTICATED, e.reason());
        assertEquals("user name or password is wrong", e.getMessage());
    }

    @Test
    void refreshReplacesTheAccessToken() {
        GatewayException before = assertThrows(GatewayException.class, client::refresh);
        assertEquals(Reason.FAILED_PRECONDITION, before.reason());

        client.login(TestGatewayServices.USER, TestGatewayServices.PASSWORD);
        authorization.accepted = TestGatewayServices.ACCESS_AFTER_REFRESH;
        client.refresh();
        client.listProjects();
        assertEquals("Bearer " + TestGatewayServices.ACCESS_AFTER_REFRESH, authorization.lastSeen.get());
    }

    @Test
    void credentialsCanBeKeptAndRefreshedByAnotherClient() {
        GatewayException none = assertThrows(GatewayException.class, client::credentials);
        assertEquals(Reason.FAILED_PRECONDITION, none.reason());

        client.login(TestGatewayServices.USER, TestGatewayServices.PASSWORD);
        Credentials kept = client.credentials();
        assertEquals(TestGatewayServices.ACCESS, kept.accessToken());
        assertEquals(TestGatewayServices.REFRESH, kept.refreshToken());
        assertEquals(Instant.parse("2026-11-21T12:15:00Z"), kept.accessExpiresAt());
        assertFalse(kept.toString().contains(TestGatewayServices.ACCESS), "a secret in toString: " + kept);

        authorization.accepted = TestGatewayServices.ACCESS_AFTER_REFRESH;
        try (GatewayClient later = server.client(ClientOptions.plaintext())) {
            later.refresh(kept.refreshToken());
            assertEquals(
                    TestGatewayServices.ACCESS_AFTER_REFRESH,
                    later.credentials().accessToken());
            later.listProjects();
            assertEquals("Bearer " + TestGatewayServices.ACCESS_AFTER_REFRESH, authorization.lastSeen.get());
            GatewayException bad = assertThrows(GatewayException.class, () -> later.refresh("forged"));
            assertEquals(Reason.UNAUTHENTICATED, bad.reason());
        }
    }

    @Test
    void tokenFromOptionsIsUsedWithoutLogin() {
        try (GatewayClient withToken =
                server.client(ClientOptions.plaintext().withBearerToken(TestGatewayServices.ACCESS))) {
            assertEquals(2, withToken.listProjects().size());
        }
    }

    @Test
    void searchReturnsSdkRecords() {
        client.login(TestGatewayServices.USER, TestGatewayServices.PASSWORD);

        SearchResult result = client.search("reel:A001", "feature_01", 25);

        assertEquals("reel:A001", catalog.lastSearch.get().getQuery());
        assertEquals(List.of("feature_01"), catalog.lastSearch.get().getProjectsList());
        assertEquals(25, catalog.lastSearch.get().getPageSize());
        assertEquals(41, result.totalHits());
        assertTrue(result.hasNextPage());
        AssetSummary hit = result.hits().getFirst();
        assertEquals(CLIP.assetId(), hit.assetId());
        assertEquals(FrameRate.FPS_23_976, hit.frameRate());
        assertEquals(Timecode.parse("14:11:44:09", FrameRate.FPS_23_976), hit.startTimecode());
        assertEquals(1_226_505, hit.startTimecode().toFrames());
        assertEquals(4, hit.audioChannels());
        assertEquals(List.of("stream-lo"), hit.profiles());
        assertEquals(
                List.of(new SearchResult.FacetCount("A001", 30), new SearchResult.FacetCount("B002", 11)),
                result.facets().get("reel"));
    }

    @Test
    void searchWithoutProjectAsksForEveryReadableProject() {
        client.login(TestGatewayServices.USER, TestGatewayServices.PASSWORD);
        client.search(SearchQuery.of("", null, 0).nextPage("page-2").withFacets(List.of("reel", "video_codec")));
        assertTrue(catalog.lastSearch.get().getProjectsList().isEmpty());
        assertEquals("page-2", catalog.lastSearch.get().getPageToken());
        assertEquals(List.of("reel", "video_codec"), catalog.lastSearch.get().getFacetFieldsList());
    }

    @Test
    void getAssetReturnsTheManifest() {
        client.login(TestGatewayServices.USER, TestGatewayServices.PASSWORD);
        assertEquals(CLIP, client.getAsset(CLIP.assetId().value()));
    }

    @Test
    void unknownAssetIsNotFoundWithTheServersMessage() {
        client.login(TestGatewayServices.USER, TestGatewayServices.PASSWORD);
        GatewayException e = assertThrows(GatewayException.class, () -> client.getAsset("ffffffff-0000"));
        assertEquals(Reason.NOT_FOUND, e.reason());
        assertTrue(e.getMessage().contains("ffffffff-0000"), e.getMessage());
        assertFalse(e.isRetriable());
    }

    @Test
    void unaryCallsHaveADeadline() {
        try (GatewayClient impatient = server.client(ClientOptions.plaintext()
                .withBearerToken(TestGatewayServices.ACCESS)
                .withUnaryDeadline(Duration.ofMillis(200)))) {
            GatewayException e =
                    assertThrows(GatewayException.class, () -> impatient.getAsset(TestGatewayServices.HANGS));
            assertEquals(Reason.TIMEOUT, e.reason());
            assertTrue(e.isRetriable());
        }
    }

    @Test
    void listProjects() {
        client.login(TestGatewayServices.USER, TestGatewayServices.PASSWORD);
        List<ProjectSummary> projects = client.listProjects();
        assertEquals("feature_01", projects.get(0).project().value());
        assertTrue(projects.get(0).writable());
        assertEquals(3, projects.get(1).assetCount());
    }

    @Test
    void ingestThenWatchUntilEveryJobIsFinal() {
        client.login(TestGatewayServices.USER, TestGatewayServices.PASSWORD);
        List<IngestJob> jobs =
                client.ingest(List.of("/cards/A001C003.mov", "/cards/B001C001.mov"), "feature_01", false);
        assertEquals(
                List.of(new IngestJob("job-0", "/cards/A001C003.mov"), new IngestJob("job-1", "/cards/B001C001.mov")),
                jobs);

        List<JobUpdate> seen = new ArrayList<>();
        Map<String, JobUpdate> last = client.watchJobs(List.of("job-0", "job-1"), seen::add);

        assertEquals(6, seen.size());
        assertEquals(JobState.QUEUED, seen.getFirst().state());
        assertEquals(720, seen.get(1).framesDone());
        JobUpdate done = last.get("job-0");
        assertEquals(JobState.DONE, done.state());
        assertEquals(CLIP.assetId().value(), done.assetId());
        assertNull(done.errorReason());
        JobUpdate quarantined = last.get("job-1");
        assertEquals(JobState.QUARANTINED, quarantined.state());
        assertTrue(quarantined.state().isFinal());
        assertEquals(Reason.CORRUPT, quarantined.errorReason());
        assertTrue(quarantined.errorMessage().contains("truncated mdat"));
    }

    @Test
    void ingestIntoABadProjectNameFailsBeforeTheCall() {
        GatewayException e = assertThrows(GatewayException.class, () -> client.ingest(List.of("/x"), "../etc", true));
        assertEquals(Reason.INVALID_ARGUMENT, e.reason());
    }

    @Test
    void conformSendsTheEditAndOptionsAndWritesTheResult() throws IOException {
        client.login(TestGatewayServices.USER, TestGatewayServices.PASSWORD);
        Path edit = dir.resolve("cut.edl");
        Files.writeString(edit, "title: cut\n001  A001 V C 14:11:44:09 14:11:45:09 01:00:00:00 01:00:01:00\n");

        ConformResult result = client.conform(
                edit,
                "feature_01",
                ConformOptions.defaults()
                        .withRate(FrameRate.FPS_23_976)
                        .withHandles(12)
                        .withStrict(true));

        var sent = conformService.last.get();
        assertEquals("cut.edl", sent.getEditFileName());
        assertEquals(Files.readString(edit), sent.getEditContent().toStringUtf8());
        assertEquals(24000, sent.getRate().getNum());
        assertEquals(1001, sent.getRate().getDen());
        assertEquals(12, sent.getHandlesFrames());
        assertTrue(sent.getStrict());
        assertEquals(gateway.protos.conform.v1.EditFormat.EDIT_FORMAT_UNSPECIFIED, sent.getFormat());

        assertEquals(new ConformTotals(3, 2, 1, 0, 0, 0), result.totals());
        assertFalse(result.totals().isComplete());
        assertEquals(EditFormat.CMX3600_EDL, result.conformedFormat());

        Path out = dir.resolve("out");
        Path timeline = result.writeTo(out);
        assertEquals(out.resolve("conformed_cut.edl"), timeline);
        assertArrayEquals(
                Files.readString(edit).toUpperCase().getBytes(StandardCharsets.UTF_8), Files.readAllBytes(timeline));
        assertEquals(result.reportJson(), Files.readString(out.resolve(ConformResult.REPORT_FILE_NAME)));
    }

    @Test
    void conformWithoutRateLeavesItUnset() throws IOException {
        client.login(TestGatewayServices.USER, TestGatewayServices.PASSWORD);
        Path edit = dir.resolve("cut.otio");
        Files.writeString(edit, "{}");
        client.conform(edit, "feature_01", ConformOptions.defaults().withOutputFormat(EditFormat.FCP7_XML));
        assertFalse(conformService.last.get().hasRate());
        assertEquals(
                gateway.protos.conform.v1.EditFormat.EDIT_FORMAT_FCP7_XML,
                conformService.last.get().getToFormat());
    }

    @Test
    void conformOfAMissingFileFailsWithIo() {
        GatewayException e = assertThrows(
                GatewayException.class,
                () -> client.conform(dir.resolve("missing.edl"), "feature_01", ConformOptions.defaults()));
        assertEquals(Reason.IO, e.reason());
        assertTrue(e.getMessage().contains("missing.edl"));
    }
}
