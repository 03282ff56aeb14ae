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

/** The agent's commands, each a method taking its typed arguments and returning an exit status. */
final class Commands {
    static final int DEFAULT_PORT = 47_474;

    private final Path home;
    private final Path cacheRoot;
    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;
    private final Clock clock;

    Commands(Path home, Path cacheRoot, PrintStream out, PrintStream err, InputStream in, Clock clock) {
        this.home = home;
        this.cacheRoot = cacheRoot;
        this.out = out;
        this.err = err;
        this.in = in;
        this.clock = clock;
    }

    int login(ServerAddress server, Path ca, String user, String password) {
        return keep(GatewayLogin.login(server, ca, user, password));
    }

    int loginWithToken(ServerAddress server, Path ca, String token) {
        return keep(new StoredSession(server, ca, "(token)", token, null, null, null));
    }

    private int keep(StoredSession session) {
        ServerAddress server = session.server();
        Path file = sessionFile();
        session.write(file);
        out.println("logged in to " + server + " as " + session.subject()
                + (session.accessExpiresAt() == null ? "" : " (token valid until " + session.accessExpiresAt() + ")")
                + "; session in " + file);
        return 0;
    }

    int logout() {
        try {
            boolean had = Files.deleteIfExists(sessionFile());
            out.println(had ? "logged out" : "not logged in");
            return 0;
        } catch (IOException e) {
            throw GatewayException.io("cannot delete " + sessionFile() + ": " + e.getMessage(), e);
        }
    }

    int search(ClientSource clients, String query, ProjectId project, int limit) {
        ProxyCache cache = cache();
        try (GatewayClient client = clients.open()) {
            SearchResult result = client.search(query, project == null ? null : project.value(), limit);
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

    int fetch(ClientSource clients, List<AssetId> ids, String profile, long budget) {
        ProxyFetcher fetcher = fetcher(budget);
        int failed = 0;
        String lastFailure = null;
        try (GatewayClient client = clients.open()) {
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

    int sync(ClientSource clients, ProjectId project, String query, String profile, long budget) {
        try (GatewayClient client = clients.open()) {
            AssetSync.Summary summary = new AssetSync(fetcher(budget), out).run(client, project, query, profile);
            out.println("sync " + project + ": " + summary);
            if (summary.failed() > 0) {
                throw new GatewayException(
                        Reason.UNAVAILABLE,
                        summary.failed() + " assets failed to sync (see the FAILED lines); run sync again to retry");
            }
            return 0;
        }
    }

    int ls(ProjectId only) {
        ProxyCache cache = cache();
        Optional<ProjectId> project = Optional.ofNullable(only);
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

    int verify() {
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

    int path(ClientSource clients, AssetId id, String profile) {
        ProxyCache cache = cache();
        Optional<CacheEntry> cached = cache.use(id, profile);
        if (cached.isPresent()) {
            out.println(cached.get().file(cache.root()));
            return 0;
        }
        try (GatewayClient client = clients.open()) {
            Manifest manifest = client.getAsset(id.value());
            out.println(fetcher(0).stablePath(manifest, profile));
            err.println("not cached yet: 'gateway agent fetch " + id + "' brings it there");
            return 0;
        }
    }

    int pin(ProjectId project) {
        cache().pin(project);
        out.println("pinned " + project + ": its renditions are never evicted");
        return 0;
    }

    int unpin(ProjectId project) {
        cache().unpin(project);
        out.println("unpinned " + project);
        return 0;
    }

    int serve(ClientSource clients, int port, long budget) {
        ProxyFetcher fetcher = fetcher(budget);
        CountDownLatch stopped = new CountDownLatch(1);
        ApiToken token = ApiToken.random();
        DiscoveryFile discovery = new DiscoveryFile(home);
        LocalApi api = LocalApi.start(port, token, fetcher, clients, new ConnectionState(clock), budget);
        try {
            discovery.write(api.port(), token, ProcessHandle.current().pid());
        } catch (GatewayException e) {
            api.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            api.close();
            discovery.delete();
            stopped.countDown();
        }));
        out.println("agent API on http://127.0.0.1:" + api.port() + "/v1/ (cache "
                + fetcher.cache().root() + "; token in " + discovery.path() + ")");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            api.close();
            discovery.delete();
        }
        return 0;
    }

    private ProxyCache cache() {
        return new ProxyCache(cacheRoot, clock);
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    Clock clock() {
        return clock;
    }

    ProxyFetcher fetcher(long budget) {
        return new ProxyFetcher(cache(), budget);
    }

    /** {@code server}, {@code token} and {@code ca} override the stored session when not null. */
    ClientSource clients(ServerAddress server, String token, Path ca) {
        return new ClientSource(sessionFile(), server, token, ca, ClientOptions.plaintext(), clock);
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

    String readPassword() {
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
