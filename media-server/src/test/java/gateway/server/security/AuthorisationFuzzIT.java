package gateway.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import gateway.model.asset.AssetId;
import gateway.model.asset.ProjectId;
import gateway.protos.auth.v1.AuthServiceGrpc;
import gateway.protos.auth.v1.Tokens;
import gateway.protos.catalog.v1.CatalogServiceGrpc;
import gateway.protos.catalog.v1.Facet;
import gateway.protos.catalog.v1.FacetValue;
import gateway.protos.catalog.v1.ListProjectsResponse;
import gateway.protos.catalog.v1.SearchHit;
import gateway.protos.catalog.v1.SearchRequest;
import gateway.protos.catalog.v1.SearchResponse;
import gateway.protos.conform.v1.ConformServiceGrpc;
import gateway.protos.ingest.v1.IngestServiceGrpc;
import gateway.protos.stream.v1.StreamServiceGrpc;
import gateway.server.GatewayNode;
import gateway.server.auth.AuditLog;
import gateway.server.config.GatewayConfig;
import gateway.server.config.Security;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authorisation under fuzz, on a real node over TLS on an ephemeral port: six projects with
 * committed assets (renditions, fragmented stream, thumbnails, waveform, finished ingest jobs),
 * six users with overlapping grants in every role, and 100 000 seeded random requests over every
 * RPC of every service (enumerated from the service descriptors), aimed at assets of any project
 * or none, with queries, facets and page tokens replayed across users. No response, message,
 * status or trailer carries anything of a project its caller may not read (asset ids, names,
 * reels, cameras, codecs, job ids, paths, file bytes, thumbnails) unless the caller sent it; counts
 * never exceed what the caller's projects hold; a foreign asset answers exactly like a missing one.
 * Afterwards every request is in the audit log under its request id, every refusal of an existing
 * asset is there with its project, and the chain verifies.
 */
class AuthorisationFuzzIT {
    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 100_000);
    private static final int IN_FLIGHT = 48;
    private static final long SEED = 20261121L;
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> REQUEST_ID =
            Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
    private static final List<ServiceDescriptor> SERVICES = List.of(
            AuthServiceGrpc.getServiceDescriptor(),
            CatalogServiceGrpc.getServiceDescriptor(),
            StreamServiceGrpc.getServiceDescriptor(),
            IngestServiceGrpc.getServiceDescriptor(),
            ConformServiceGrpc.getServiceDescriptor());
    private static final List<String> FACETS = List.of("camera", "codec", "fps", "resolution", "tag");

    @TempDir
    static Path dir;

    static GatewayNode node;
    static ManagedChannel channel;
    static FuzzWorld world;
    static final Map<String, String> tokens = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        GatewayConfig config = GatewayConfig.standalone(dir.resolve("store"), "fuzz")
                .withSecurity(Security.defaults().withScryptLog2N(10).withRateLimit(100_000, 1_000_000));
        node = GatewayNode.start(config, line -> {});
        world = FuzzWorld.build(node, dir.resolve("cards"));
        for (FuzzWorld.User u : world.users) {
            tokens.put(
                    u.name(),
                    node.authenticator().login(u.name(), u.name() + "-password").accessToken());
        }
        channel = Grpc.newChannelBuilderForAddress(
                        "127.0.0.1",
                        node.grpcPort(),
                        TlsChannelCredentials.newBuilder()
                                .trustManager(node.trustFile().orElseThrow().toFile())
                                .build())
                .maxInboundMessageSize(16 * 1024 * 1024)
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (node != null) {
            node.close();
        }
    }

    /** One request as sent: who, what, and what the answer may and may not hold. */
    private record Sent(
            int n,
            FuzzWorld.User user,
            MethodDescriptor<Message, Message> method,
            Message request,
            String echo,
            String assetProject,
            boolean assetMissing,
            Set<ProjectId> namedProjects) {}

    @Test
    void noRequestSeesAnotherProjectAndEveryRequestIsAudited() throws Exception {
        List<MethodDescriptor<Message, Message>> methods = methods();
        Random random = new Random(SEED);
        List<String> pageTokens = new ArrayList<>(List.of(""));
        Map<String, Map<String, AtomicLong>> outcomes = new ConcurrentHashMap<>();
        Map<String, AtomicLong> latency = new ConcurrentHashMap<>();
        Map<String, String> sampleErrors = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicLongArray deniedProject = new AtomicLongArray(REQUESTS); // 1 = refusal of an existing foreign asset
        String[] deniedProjectName = new String[REQUESTS];
        String[] subjectOf = new String[REQUESTS];
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        long started = System.nanoTime();
        for (int n = 0; n < REQUESTS; n++) {
            Sent s = next(n, random, methods, pageTokens);
            subjectOf[n] = s.user().name();
            if (s.assetProject() != null && !s.user().grants().containsKey(new ProjectId(s.assetProject()))) {
                deniedProject.set(n, 1);
                deniedProjectName[n] = s.assetProject();
            }
            inFlight.acquire();
            long sentAt = System.nanoTime();
            send(s, (status, trailers, messages) -> {
                try {
                    latency.computeIfAbsent(s.method().getBareMethodName(), k -> new AtomicLong())
                            .addAndGet(System.nanoTime() - sentAt);
                    outcomes.computeIfAbsent(s.method().getBareMethodName(), k -> new ConcurrentHashMap<>())
                            .computeIfAbsent(status.getCode().name(), k -> new AtomicLong())
                            .incrementAndGet();
                    if (!status.isOk()) {
                        sampleErrors.putIfAbsent(
                                s.method().getBareMethodName() + "/" + status.getCode(),
                                String.valueOf(status.getDescription()));
                    }
                    String problem;
                    try {
                        problem = check(s, status, trailers, messages);
                    } catch (RuntimeException e) {
                        problem = "the check failed: " + e;
                    }
                    if (problem != null && failures.size() < 20) {
                        failures.add("#" + s.n() + " " + s.user().name() + " "
                                + s.method().getFullMethodName() + " "
                                + s.request().toString().replace('\n', ' ') + ": " + problem);
                    }
                    for (Message m : messages) {
                        if (m instanceof SearchResponse r
                                && !r.getNextPageToken().isEmpty()) {
                            synchronized (pageTokens) {
                                if (pageTokens.size() < 200) {
                                    pageTokens.add(r.getNextPageToken());
                                }
                            }
                        }
                    }
                } finally {
                    inFlight.release();
                }
            });
        }
        assertTrue(inFlight.tryAcquire(IN_FLIGHT, 120, TimeUnit.SECONDS), "every call ended");
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                "authorisation fuzz: %d requests in %.1f s over TLS, %d in flight: %.0f requests/s%n",
                REQUESTS, seconds, IN_FLIGHT, REQUESTS / seconds);
        System.out.println("outcomes per RPC: " + new TreeMap<>(outcomes));
        Map<String, String> meanMillis = new TreeMap<>();
        latency.forEach((rpc, nanos) -> meanMillis.put(
                rpc,
                String.format(
                        "%.1f",
                        nanos.get()
                                / 1e6
                                / outcomes.get(rpc).values().stream()
                                        .mapToLong(AtomicLong::get)
                                        .sum())));
        System.out.println("mean ms per RPC (" + IN_FLIGHT + " in flight): " + meanMillis);
        new TreeMap<>(sampleErrors).forEach((k, v) -> System.out.println("  e.g. " + k + ": " + v));
        assertTrue(failures.isEmpty(), "leaks or wrong answers:\n" + String.join("\n", failures));
        for (MethodDescriptor<Message, Message> m : methods) {
            assertTrue(outcomes.containsKey(m.getBareMethodName()), "never called: " + m.getFullMethodName());
        }
        // Each RPC answered some calls with data: the fuzz reached past the authoriser everywhere it can.
        for (String rpc : List.of(
                "Search",
                "GetAsset",
                "ListProjects",
                "Fetch",
                "Watch",
                "GetThumbnails",
                "GetWaveform",
                "GetFragmentIndex",
                "WatchJobs",
                "Ingest",
                "Conform")) {
            assertTrue(
                    outcomes.getOrDefault(rpc, Map.of()).containsKey("OK"),
                    rpc + " never succeeded: " + outcomes.get(rpc) + " " + sampleErrors);
        }
        checkAuditLog(subjectOf, deniedProject, deniedProjectName);
    }

    private void checkAuditLog(String[] subjectOf, AtomicLongArray deniedProject, String[] deniedProjectName)
            throws Exception {
        Path log = node.auditLogFile();
        ObjectMapper json = new ObjectMapper();
        Map<String, List<JsonNode>> byRequest = new HashMap<>();
        long lines = 0;
        try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines++;
                JsonNode j = json.readTree(line);
                String id = j.path("request").asText("");
                if (id.startsWith("fz-")) {
                    byRequest.computeIfAbsent(id, k -> new ArrayList<>(2)).add(j);
                }
            }
        }
        int deniedChecked = 0;
        for (int n = 0; n < subjectOf.length; n++) {
            List<JsonNode> entries = byRequest.get("fz-" + n);
            assertTrue(entries != null && !entries.isEmpty(), "request fz-" + n + " is not in the audit log");
            final int request = n;
            assertTrue(
                    entries.stream()
                            .anyMatch(e -> e.path("action").asText().equals("CALL")
                                    && (e.path("subject").asText().equals(subjectOf[request])
                                            || e.path("subject").asText().equals("-"))
                                    && e.path("client").asText().startsWith("127.0.0.1:")),
                    "fz-" + n + " has no CALL line of " + subjectOf[n] + " from 127.0.0.1: " + entries);
            if (deniedProject.get(n) == 1) {
                deniedChecked++;
                assertTrue(
                        entries.stream()
                                .anyMatch(e -> e.path("decision").asText().equals("deny")
                                        && e.path("project").asText().equals(deniedProjectName[request])
                                        && !e.path("session").asText().isEmpty()),
                        "fz-" + n + ": the refusal on project " + deniedProjectName[n] + " is not audited: " + entries);
            }
        }
        long verified = AuditLog.verify(log);
        assertEquals(lines, verified, "every line of the audit log verifies");
        System.out.printf(
                "audit log: %d lines, chain verified; %d requests matched by id, %d refusals of foreign assets%n",
                verified, subjectOf.length, deniedChecked);
    }

    // ---- what a response may hold ----

    /** Null when the answer is right; what is wrong otherwise. */
    private String check(Sent s, Status status, Metadata trailers, List<Message> messages) {
        FuzzWorld.User caller = s.user();
        if (s.method().getServiceName().equals("gateway.auth.v1.AuthService")) {
            // A login answers for the user it names: judge it by that user's projects.
            Descriptors.FieldDescriptor field =
                    s.request().getDescriptorForType().findFieldByName("username");
            String username = field == null ? "-" : s.request().getField(field).toString();
            caller = world.users.stream()
                    .filter(u -> u.name().equals(username))
                    .findFirst()
                    .orElse(new FuzzWorld.User("-", Map.of()));
        }
        Set<ProjectId> readable = world.readable(caller);
        StringBuilder text = new StringBuilder();
        for (Message m : messages) {
            text.append(m.toByteString().toString(StandardCharsets.ISO_8859_1)).append('\n');
        }
        text.append(status.getDescription()).append('\n').append(trailers);
        String answer = text.toString();
        for (FuzzWorld.Project p : world.projects.values()) {
            if (readable.contains(p.id())) {
                continue;
            }
            for (String secret : withProject(p)) {
                if (answer.contains(secret) && !s.echo().contains(secret)) {
                    return "leaks '" + secret + "' of " + p.id() + " (" + status + ")";
                }
            }
        }
        if (s.assetProject() != null || s.assetMissing()) {
            boolean foreign = s.assetMissing() || !readable.contains(new ProjectId(s.assetProject()));
            if (foreign && (status.getCode() != Status.Code.NOT_FOUND || !messages.isEmpty())) {
                return "an asset of a project the caller cannot read (or none) answered " + status + " with "
                        + messages.size() + " message(s), not NOT_FOUND and nothing";
            }
        }
        for (ProjectId named : s.namedProjects()) {
            if (!readable.contains(named) && status.isOk()) {
                return "a request naming unreadable project " + named + " succeeded";
            }
        }
        for (Message m : messages) {
            String wrong = countsWithin(m, readable, s);
            if (wrong != null) {
                return wrong;
            }
        }
        return null;
    }

    private static List<String> withProject(FuzzWorld.Project p) {
        List<String> s = new ArrayList<>(p.secrets());
        s.add(p.id().value());
        return s;
    }

    /** Numbers in an answer never count more than the caller's own projects hold. */
    private String countsWithin(Message m, Set<ProjectId> readable, Sent s) {
        if (m instanceof SearchResponse r) {
            Set<ProjectId> searched = new HashSet<>(readable);
            SearchRequest q = (SearchRequest) s.request();
            if (q.getProjectsCount() > 0) {
                searched.retainAll(
                        q.getProjectsList().stream().map(ProjectId::new).toList());
            }
            long max = (long) searched.size() * FuzzWorld.ASSETS_PER_PROJECT;
            if (r.getTotalHits() > max) {
                return "search counts " + r.getTotalHits() + " hits; the caller's projects hold " + max;
            }
            for (SearchHit h : r.getHitsList()) {
                if (!searched.contains(new ProjectId(h.getProject()))) {
                    return "search hit in project " + h.getProject();
                }
            }
            for (Facet f : r.getFacetsList()) {
                long sum = f.getValuesList().stream()
                        .mapToLong(FacetValue::getCount)
                        .sum();
                if (sum > max && !f.getField().equals("tag")) {
                    return "facet " + f.getField() + " counts " + sum + "; the caller's projects hold " + max;
                }
            }
        } else if (m instanceof ListProjectsResponse r) {
            Set<String> listed = new HashSet<>();
            for (var p : r.getProjectsList()) {
                listed.add(p.getProject());
                if (p.getAssetCount() != FuzzWorld.ASSETS_PER_PROJECT) {
                    return "project " + p.getProject() + " counted " + p.getAssetCount() + " assets";
                }
            }
            Set<String> own = new HashSet<>();
            readable.forEach(p -> own.add(p.value()));
            if (!listed.equals(own)) {
                return "listed projects " + listed + ", readable " + own;
            }
        } else if (m instanceof Tokens t) {
            for (String p : t.getProjectsList()) {
                if (!readable.contains(new ProjectId(p))) {
                    return "tokens name project " + p;
                }
            }
        }
        return null;
    }

    // ---- making requests ----

    @SuppressWarnings("unchecked")
    private static List<MethodDescriptor<Message, Message>> methods() {
        List<MethodDescriptor<Message, Message>> out = new ArrayList<>();
        for (ServiceDescriptor s : SERVICES) {
            for (MethodDescriptor<?, ?> m : s.getMethods()) {
                out.add((MethodDescriptor<Message, Message>) m);
            }
        }
        assertTrue(out.size() >= 15, "every RPC: " + out.size());
        return out;
    }

    private Sent next(int n, Random r, List<MethodDescriptor<Message, Message>> methods, List<String> pageTokens) {
        FuzzWorld.User user = world.users.get(r.nextInt(world.users.size()));
        MethodDescriptor<Message, Message> method = methods.get(r.nextInt(methods.size()));
        List<FuzzWorld.Project> projects = new ArrayList<>(world.projects.values());
        FuzzWorld.Project target = projects.get(r.nextInt(projects.size()));
        boolean missing = r.nextInt(6) == 0;
        String assetId = missing
                ? AssetId.random().value()
                : target.assets().get(r.nextInt(target.assets().size()));
        String pageToken;
        synchronized (pageTokens) {
            pageToken = pageTokens.get(r.nextInt(pageTokens.size()));
        }
        Fill fill = new Fill(r, user, target, assetId, pageToken, projects);
        Message prototype = (Message)
                ((MethodDescriptor.PrototypeMarshaller<?>) method.getRequestMarshaller()).getMessagePrototype();
        Message request = fill.message(prototype.toBuilder());
        String echo = request.toByteString().toString(StandardCharsets.ISO_8859_1);
        boolean addressesAsset = fill.usedAsset;
        return new Sent(
                n,
                user,
                method,
                request,
                echo,
                addressesAsset && !missing ? target.id().value() : null,
                addressesAsset && missing,
                fill.named);
    }

    /** Fills a request's fields by name with random, mostly meaningful values. */
    private final class Fill {
        final Random r;
        final FuzzWorld.User user;
        final FuzzWorld.Project target;
        final String assetId;
        final String pageToken;
        final List<FuzzWorld.Project> projects;
        final Set<ProjectId> named = new HashSet<>();
        boolean usedAsset;
        boolean ingests;

        Fill(
                Random r,
                FuzzWorld.User user,
                FuzzWorld.Project target,
                String assetId,
                String pageToken,
                List<FuzzWorld.Project> projects) {
            this.r = r;
            this.user = user;
            this.target = target;
            this.assetId = assetId;
            this.pageToken = pageToken;
            this.projects = projects;
        }

        FuzzWorld.Project anyProject() {
            return projects.get(r.nextInt(projects.size()));
        }

        Message message(Message.Builder b) {
            // An ingest names the card of the project it ingests into (a finished job, no worker
            // needed), or a path that does not exist; never another project's card.
            ingests = b.getDescriptorForType().findFieldByName("paths") != null;
            for (Descriptors.FieldDescriptor f : b.getDescriptorForType().getFields()) {
                if (f.getContainingOneof() != null
                        && !(f.getJavaType() == Descriptors.FieldDescriptor.JavaType.MESSAGE
                                && f.getMessageType().findFieldByName("asset_id") != null)) {
                    continue; // a command oneof (Watch): only the open that names the asset
                }
                Object v = value(f, b);
                if (v == null) {
                    continue;
                }
                if (f.isRepeated()) {
                    if (v instanceof List<?> values) {
                        values.forEach(o -> b.addRepeatedField(f, o));
                    }
                } else {
                    b.setField(f, v);
                }
            }
            return b.build();
        }

        private Object value(Descriptors.FieldDescriptor f, Message.Builder parent) {
            String name = f.getName();
            return switch (f.getJavaType()) {
                case MESSAGE -> {
                    if (f.getMessageType().findFieldByName("asset_id") != null) {
                        yield message(parent.newBuilderForField(f));
                    }
                    if (name.equals("rate")) {
                        yield gateway.protos.common.v1.FrameRate.newBuilder()
                                .setNum(25)
                                .setDen(1)
                                .build();
                    }
                    yield null;
                }
                case STRING -> string(name, f.isRepeated());
                case BYTE_STRING -> name.equals("edit_content") ? edl() : null;
                case INT, LONG -> number(name, f.getJavaType());
                // Only flags that cannot start real work (a card copy, a render) are flipped.
                case BOOLEAN -> name.equals("strict") ? r.nextBoolean() : null;
                default -> null;
            };
        }

        private Object string(String name, boolean repeated) {
            Object v =
                    switch (name) {
                        case "asset_id" -> {
                            usedAsset = true;
                            yield assetId;
                        }
                        case "project" -> {
                            FuzzWorld.Project p = ingests || r.nextBoolean() ? target : anyProject();
                            named.add(p.id());
                            yield p.id().value();
                        }
                        case "projects" -> {
                            List<String> ps = new ArrayList<>();
                            for (int i = r.nextInt(3); i > 0; i--) {
                                FuzzWorld.Project p = anyProject();
                                named.add(p.id());
                                ps.add(p.id().value());
                            }
                            yield ps;
                        }
                        case "query" -> query();
                        case "page_token" -> pageToken;
                        case "facet_fields" -> {
                            List<String> fs = new ArrayList<>();
                            for (String f : FACETS) {
                                if (r.nextBoolean()) {
                                    fs.add(f);
                                }
                            }
                            yield fs;
                        }
                        case "reel" -> r.nextInt(4) == 0 ? anyProject().reel() + r.nextInt(3) : "";
                        case "job_ids" -> {
                            List<String> ids = new ArrayList<>();
                            for (int i = 1 + r.nextInt(2); i > 0; i--) {
                                FuzzWorld.Project p = anyProject();
                                ids.add(r.nextInt(8) == 0 ? "job-missing-" + r.nextInt(100) : pick(p.jobs()));
                            }
                            yield ids;
                        }
                        case "paths" ->
                            List.of(
                                    r.nextBoolean()
                                            ? dir.resolve("nowhere")
                                                    .resolve("x" + r.nextInt(9) + ".mov")
                                                    .toString()
                                            : dir.resolve("cards")
                                                    .resolve(target.marker())
                                                    .resolve(target.marker() + "-clip" + r.nextInt(3) + ".mov")
                                                    .toString());
                        case "profile" -> pick(List.of("", "edit", "stream-hi", "stream-lo"));
                        case "username" -> r.nextInt(5) == 0 ? "nobody" : user.name();
                        case "password" -> r.nextInt(5) == 0 ? "wrong" : user.name() + "-password";
                        case "edit_file_name" -> "cut.edl";
                        case "output_dir" -> ""; // no consolidate or render: nothing written outside the node
                        default -> r.nextInt(4) == 0 ? "x" + Long.toHexString(r.nextLong()) : "";
                    };
            if (repeated && v instanceof String s) {
                return s.isEmpty() ? List.of() : List.of(s);
            }
            return v;
        }

        private Object number(String name, Descriptors.FieldDescriptor.JavaType type) {
            long v =
                    switch (name) {
                        case "page_size" -> 1 + r.nextInt(4);
                        case "offset_bytes" -> r.nextInt(2000);
                        case "length_bytes" -> r.nextInt(4096);
                        case "chunk_size_bytes" -> 512 + r.nextInt(2048);
                        case "handles_frames" -> r.nextInt(10);
                        default -> 0;
                    };
            return type == Descriptors.FieldDescriptor.JavaType.INT ? (Object) (int) v : (Object) v;
        }

        private String query() {
            FuzzWorld.Project p = anyProject();
            return pick(List.of("", "*", "clip", p.marker(), p.reel() + "1", "reel:" + p.reel() + "0", "mov"));
        }

        /** A CMX 3600 list cutting clips of random projects (their reels, inside their timecode). */
        private ByteString edl() {
            StringBuilder e = new StringBuilder("TITLE: fuzz\nFCM: NON-DROP FRAME\n\n");
            long record = 3600L * 25;
            for (int i = 1; i <= 3; i++) {
                FuzzWorld.Project p = anyProject();
                String reel = p.reel() + r.nextInt(FuzzWorld.ASSETS_PER_PROJECT);
                e.append(String.format(
                        "%03d  %-8s V     C        01:00:01:00 01:00:02:00 %s %s%n",
                        i, reel, tc(record), tc(record + 25)));
                record += 25;
            }
            return ByteString.copyFromUtf8(e.toString());
        }

        private String tc(long frames) {
            return String.format(
                    "%02d:%02d:%02d:%02d", frames / 90000, frames / 1500 % 60, frames / 25 % 60, frames % 25);
        }

        private <T> T pick(List<T> from) {
            return from.get(r.nextInt(from.size()));
        }
    }

    private interface Ended {
        void ended(Status status, Metadata trailers, List<Message> messages);
    }

    private static void send(Sent s, Ended ended) {
        ClientCall<Message, Message> c =
                channel.newCall(s.method(), CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS));
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + tokens.get(s.user().name()));
        headers.put(REQUEST_ID, "fz-" + s.n());
        List<Message> messages = new ArrayList<>();
        c.start(
                new ClientCall.Listener<>() {
                    @Override
                    public void onMessage(Message message) {
                        synchronized (messages) {
                            messages.add(message);
                        }
                    }

                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        List<Message> got;
                        synchronized (messages) {
                            got = List.copyOf(messages);
                        }
                        ended.ended(status, trailers, got);
                    }
                },
                headers);
        c.request(Integer.MAX_VALUE);
        c.sendMessage(s.request());
        c.halfClose();
    }
}
