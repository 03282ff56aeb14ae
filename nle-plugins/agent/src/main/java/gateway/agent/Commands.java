package gateway.agent;

import gateway.client.AssetSummary;
import gateway.client.ClientOptions;
import gateway.client.GatewayClient;
import gateway.client.SearchResult;
import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/** The agent's commands, each a method taking its parsed arguments and returning an exit status. */
final class Commands {
    static final int DEFAULT_PORT = 47_474;

    private final Path home;
    private final Path cacheRoot;
    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;
    private final Clock clock;

    Commands(Args args, Path defaultHome, PrintStream out, PrintStream err, InputStream in, Clock clock) {
        this.home = args.value("home").map(Path::of).orElse(defaultHome);
        this.cacheRoot = args.value("cache").map(Path::of).orElse(home.resolve("cache"));
        this.out = out;
        this.err = err;
        this.in = in;
        this.clock = clock;
    }

    int login(Args a) {
        ServerAddress server = ServerAddress.parse(a.required("server"));
        Path ca = a.value("ca").map(Path::of).orElse(null);
        StoredSession session;
        if (a.value("token").isPresent()) {
            session = new StoredSession(server, ca, "(token)", a.required("token"), null, null, null);
        } else {
            String user = a.required("user");
            String password = a.has("password-stdin") ? readPassword() : a.required("password");
            session = GatewayLogin.login(server, ca, user, password);
        }
        Path file = sessionFile();
        session.write(file);
        out.println("logged in to " + server + " as " + session.subject()
                + (session.accessExpiresAt() == null ? "" : " (token valid until " + session.accessExpiresAt() + ")")
                + "; session in " + file);
        return 0;
    }

    int logout(Args a) {
        try {
            boolean had = Files.deleteIfExists(sessionFile());
            out.println(had ? "logged out" : "not logged in");
            return 0;
        } catch (IOException e) {
            throw GatewayException.io("cannot delete " + sessionFile() + ": " + e.getMessage(), e);
        }
    }

    int search(Args a) {
        ProxyCache cache = cache();
        try (GatewayClient client = clients(a).open()) {
            SearchResult result = client.search(
                    String.join(" ", a.positional()), a.value("project").orElse(null), a.intValue("limit", 50));
            for (AssetSummary hit : result.hits()) {
                String cached = cache.find(hit.assetId(), StableName.EDIT_PROFILE)
                        .map(e -> e.file(cache.root()).toString())
                        .orElse("-");
                out.println(String.join(
                        "\t",
                        hit.assetId().value(),
                        hit.project().value(),
                        hit.name(),
                        hit.reel() == null ? "-" : hit.reel(),
                        hit.startTimecode() == null ? "-" : hit.startTimecode().toString(),
                        hit.durationFrames() + "f@" + hit.frameRate(),
                        String.join(",", hit.profiles()),
                        cached));
            }
            err.println(result.hits().size() + " of " + result.totalHits() + " hits");
            return 0;
        }
    }

    int fetch(Args a) {
        if (a.positional().isEmpty()) {
            throw GatewayException.invalid("fetch needs at least one ASSET_ID");
        }
        List<AssetId> ids = a.positional().stream().map(AssetId::new).toList();
        String profile = StableName.requireProfile(a.value("profile").orElse(StableName.EDIT_PROFILE));
        ProxyFetcher fetcher = fetcher(a);
        int failed = 0;
        String lastFailure = null;
        try (GatewayClient client = clients(a).open()) {
            for (AssetId id : ids) {
                try {
                    ProxyFetcher.Outcome o = fetcher.fetch(client, id, profile);
                    out.println(o.path());
                    err.println(describe(id, o));
                } catch (GatewayException e) {
                    if (ids.size() == 1) {
                        throw e;
                    }
                    failed++;
                    lastFailure = id + ": " + AgentMain.oneLine(e.getMessage());
                    err.println("FAILED " + lastFailure);
                }
            }
        }
        if (failed > 0) {
            throw new GatewayException(
                    Reason.UNAVAILABLE, failed + " of " + ids.size() + " fetches failed; last: " + lastFailure);
        }
        return 0;
    }

    int sync(Args a) {
        ProjectId project = new ProjectId(a.required("project"));
        String profile = StableName.requireProfile(a.value("profile").orElse(StableName.EDIT_PROFILE));
        try (GatewayClient client = clients(a).open()) {
            AssetSync.Summary summary = new AssetSync(fetcher(a), out)
                    .run(client, project, a.value("query").orElse(""), profile);
            out.println("sync " + project + ": " + summary);
            if (summary.failed() > 0) {
                throw new GatewayException(
                        Reason.UNAVAILABLE,
                        summary.failed() + " assets failed to sync (see the FAILED lines); run sync again to retry");
            }
            return 0;
        }
    }

    int ls(Args a) {
        ProxyCache cache = cache();
        Optional<ProjectId> project = a.value("project").map(ProjectId::new);
        long total = 0;
        int count = 0;
        for (CacheEntry e : cache.entries()) {
            if (project.isPresent() && !project.get().equals(e.project())) {
                continue;
            }
            count++;
            total += e.sizeBytes();
            out.println(String.join(
                    "\t",
                    e.project().value(),
                    e.assetId().value(),
                    e.profile(),
                    Long.toString(e.sizeBytes()),
                    e.lastUsedAt().toString(),
                    e.file(cache.root()).toString()));
        }
        err.println(count + " files, " + new ByteSize(total) + " in " + cache.root()
                + (cache.pinnedProjects().isEmpty() ? "" : "; pinned: " + String.join(", ", cache.pinnedProjects())));
        return 0;
    }

    int verify(Args a) {
        VerifyReport report = cache().verify();
        for (VerifyReport.Problem p : report.problems()) {
            out.println("removed " + p.entry().assetId() + "/" + p.entry().profile() + ": " + p.why());
        }
        out.println(
                "verified " + report.checked() + " files: " + report.problems().size() + " bad");
        if (!report.allGood()) {
            throw new GatewayException(
                    Reason.CORRUPT,
                    report.problems().size() + " cached files were bad and were removed; fetch them again");
        }
        return 0;
    }

    int path(Args a) {
        if (a.positional().size() != 1) {
            throw GatewayException.invalid("path needs exactly one ASSET_ID");
        }
        AssetId id = new AssetId(a.positional().get(0));
        String profile = StableName.requireProfile(a.value("profile").orElse(StableName.EDIT_PROFILE));
        ProxyCache cache = cache();
        Optional<CacheEntry> cached = cache.use(id, profile);
        if (cached.isPresent()) {
            out.println(cached.get().file(cache.root()));
            return 0;
        }
        try (GatewayClient client = clients(a).open()) {
            Manifest manifest = client.getAsset(id.value());
            out.println(fetcher(a).stablePath(manifest, profile));
            err.println("not cached yet: 'gateway agent fetch " + id + "' brings it there");
            return 0;
        }
    }

    int pin(Args a) {
        ProjectId project = new ProjectId(a.required("project"));
        cache().pin(project);
        out.println("pinned " + project + ": its renditions are never evicted");
        return 0;
    }

    int unpin(Args a) {
        ProjectId project = new ProjectId(a.required("project"));
        cache().unpin(project);
        out.println("unpinned " + project);
        return 0;
    }

    int serve(Args a) {
        ClientSource clients = clients(a);
        ProxyFetcher fetcher = fetcher(a);
        CountDownLatch stopped = new CountDownLatch(1);
        LocalApi api = LocalApi.start(a.intValue("port", DEFAULT_PORT), fetcher, clients::open, budget(a));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            api.close();
            stopped.countDown();
        }));
        out.println("agent API on http://127.0.0.1:" + api.port() + "/v1/ (cache "
                + fetcher.cache().root() + ")");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            api.close();
        }
        return 0;
    }

    private ProxyCache cache() {
        return new ProxyCache(cacheRoot, clock);
    }

    private ProxyFetcher fetcher(Args a) {
        return new ProxyFetcher(cache(), budget(a));
    }

    private static long budget(Args a) {
        return a.value("max-cache-bytes")
                .map(v -> ByteSize.parse(v, "--max-cache-bytes").bytes())
                .orElse(0L);
    }

    private ClientSource clients(Args a) {
        return new ClientSource(
                sessionFile(),
                a.value("server").map(ServerAddress::parse).orElse(null),
                a.value("token").orElse(null),
                a.value("ca").map(Path::of).orElse(null),
                ClientOptions.plaintext(),
                clock);
    }

    private Path sessionFile() {
        return home.resolve(StoredSession.FILE_NAME);
    }

    private String describe(AssetId id, ProxyFetcher.Outcome o) {
        if (o.alreadyCached()) {
            return id + ": already cached";
        }
        String line = id + ": fetched " + new ByteSize(o.entry().sizeBytes())
                + (o.resumedFromBytes() > 0 ? " (resumed at byte " + o.resumedFromBytes() + ")" : "");
        return o.evicted().isEmpty() ? line : line + "; evicted " + o.evicted().size() + " least recently used files";
    }

    private String readPassword() {
        try {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw GatewayException.invalid("--password-stdin read no password from standard input");
            }
            return line;
        } catch (IOException e) {
            throw GatewayException.io("cannot read the password from standard input: " + e.getMessage(), e);
        }
    }
}
