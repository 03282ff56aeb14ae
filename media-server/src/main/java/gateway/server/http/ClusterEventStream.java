package gateway.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.server.auth.Authenticator;
import gateway.server.auth.Credential;
import gateway.server.ingest.JobEventLog;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;

/**
 * {@code GET /api/v1/admin/cluster/events}: the cluster view of {@code GET /api/v1/admin/cluster}
 * as server-sent events. {@code event: cluster} with the whole view when the stream opens and again
 * whenever it changes: at once when a job changes (the node's job events wake it), and within
 * {@value #RECHECK_MS} ms when a member joins or leaves (looked at that often while nothing else
 * happens). A comment line every {@code keepAlive} without a change; {@code event: end} when the
 * access token expires or is revoked (the client refreshes and reconnects: the first event is the
 * view as it is then, so nothing is missed). Authenticated and authorised (admin of a project,
 * audited as CLUSTER) once, when it opens; errors before the first byte are the usual JSON errors.
 */
final class ClusterEventStream {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final System.Logger LOG = System.getLogger(ClusterEventStream.class.getName());
    static final long RECHECK_MS = 1_000;

    private final Authenticator authenticator;
    private final ClusterEndpoints cluster;
    private final JobEventLog jobEvents;
    private final Duration keepAlive;
    private final Clock clock;

    ClusterEventStream(
            Authenticator authenticator,
            ClusterEndpoints cluster,
            JobEventLog jobEvents,
            Duration keepAlive,
            Clock clock) {
        this.authenticator = authenticator;
        this.cluster = cluster;
        this.jobEvents = jobEvents;
        this.keepAlive = keepAlive;
        this.clock = clock;
    }

    void handle(ServerRequest req, ServerResponse res) {
        Authenticator.Caller caller = HttpEndpoints.authenticated(authenticator, req);
        cluster.requireAdmin(caller.principal());
        try (JobEventLog.Subscription wake = jobEvents.subscribe(null)) {
            res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                    .header(HeaderNames.CACHE_CONTROL, "no-store")
                    .header(HeaderNames.create("X-Accel-Buffering"), "no");
            try (OutputStream out = res.outputStream()) {
                JobEventStream.write(out, "retry: 2000\n\n");
                follow(out, wake, caller);
            }
        } catch (UncheckedIOException | IOException e) {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "cluster event stream of " + caller.principal().subject() + " ended: " + e);
        } catch (InterruptedException e) {
            // the node is stopping: the stream ends with it (the client reconnects to another)
            Thread.currentThread().interrupt();
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "cluster event stream of " + caller.principal().subject() + " ended: the node is stopping");
        }
    }

    /** Sends the view whenever it differs from the last one sent, until the token ends or the client goes. */
    private void follow(OutputStream out, JobEventLog.Subscription wake, Authenticator.Caller caller)
            throws IOException, InterruptedException {
        Credential credential = caller.credential();
        String sent = null;
        long quietSince = System.nanoTime();
        while (true) {
            long untilExpiry =
                    Duration.between(clock.instant(), credential.expiresAt()).toMillis();
            if (untilExpiry <= 0) {
                end(out, "the access token expired: refresh it and reconnect");
                return;
            }
            if (!authenticator.isActive(credential)) {
                end(out, "the access token was revoked or the user disabled; log in again");
                return;
            }
            String view = cluster.view(caller.principal()).toString();
            if (!view.equals(sent)) {
                JobEventStream.event(out, null, "cluster", view);
                sent = view;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= keepAlive.toNanos()) {
                JobEventStream.write(out, ": keep-alive\n\n");
                quietSince = System.nanoTime();
            }
            if (wake.next(Math.min(untilExpiry, RECHECK_MS)).isPresent()) {
                // several changes at once (a job's renewals, a burst of claims): one view for all of them
                while (wake.next(0).isPresent()) {
                    // drained
                }
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
