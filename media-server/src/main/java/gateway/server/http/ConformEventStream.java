package gateway.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.server.auth.Authenticator;
import gateway.server.auth.Credential;
import gateway.server.conform.ConformDesk;
import gateway.server.conform.FinishingRuns;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/v1/conforms/{id}/events}: the follow-up work (consolidate, render) of one conform
 * as server-sent events. {@code event: progress} with {@code {"conform_id", "stage", "percent",
 * "message"}} first with where it stands now (so a client that reconnects has caught up at once:
 * each report is the whole state), then on every change; the stream ends after the final report
 * (stage done or failed). A comment line every {@code keepAlive}; {@code event: end} with {@code
 * {"reason", "message"}} when the access token expires or is revoked, as the job stream does.
 * Authorised as {@code GET /api/v1/conforms/{id}} (READ on the conform's project) when it opens.
 */
final class ConformEventStream {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final System.Logger LOG = System.getLogger(ConformEventStream.class.getName());

    private final Authenticator authenticator;
    private final ConformDesk desk;
    private final Duration keepAlive;
    private final Clock clock;

    ConformEventStream(Authenticator authenticator, ConformDesk desk, Duration keepAlive, Clock clock) {
        this.authenticator = authenticator;
        this.desk = desk;
        this.keepAlive = keepAlive;
        this.clock = clock;
    }

    void handle(ServerRequest req, ServerResponse res) throws InterruptedException {
        Authenticator.Caller caller = authenticator.authenticate(
                req.headers().first(HeaderNames.AUTHORIZATION).orElse(null),
                req.prologue().method().text() + " " + req.path().path());
        String id = req.path().pathParameters().get("id");
        BlockingQueue<FinishingRuns.Update> updates = new LinkedBlockingQueue<>();
        Runnable stop = desk.watch(caller.principal(), id, updates::add);
        try {
            res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                    .header(HeaderNames.CACHE_CONTROL, "no-store")
                    .header(HeaderNames.create("X-Accel-Buffering"), "no");
            try (OutputStream out = res.outputStream()) {
                JobEventStream.write(out, "retry: 2000\n\n");
                follow(out, id, updates, caller.credential());
            }
        } catch (UncheckedIOException | IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "conform event stream of " + id + " ended: " + e);
        } finally {
            stop.run();
        }
    }

    private void follow(OutputStream out, String id, BlockingQueue<FinishingRuns.Update> updates, Credential credential)
            throws IOException, InterruptedException {
        long sequence = 0;
        while (true) {
            long untilExpiry =
                    Duration.between(clock.instant(), credential.expiresAt()).toMillis();
            if (untilExpiry <= 0) {
                end(out, "the access token expired: refresh it and reconnect");
                return;
            }
            FinishingRuns.Update u = updates.poll(Math.min(untilExpiry, keepAlive.toMillis()), TimeUnit.MILLISECONDS);
            if (!authenticator.isActive(credential)) {
                end(out, "the access token was revoked or the user disabled; log in again");
                return;
            }
            if (u == null) {
                JobEventStream.write(out, ": keep-alive\n\n");
                continue;
            }
            JobEventStream.event(
                    out,
                    Long.toString(++sequence),
                    "progress",
                    ConformEndpoints.progressJson(id, u).toString());
            if (u.isFinal()) {
                return;
            }
        }
    }

    private static void end(OutputStream out, String message) throws IOException {
        JobEventStream.event(
                out,
                null,
                "end",
                JSON.createObjectNode()
                        .put("reason", "UNAUTHENTICATED")
                        .put("message", message)
                        .toString());
    }
}
