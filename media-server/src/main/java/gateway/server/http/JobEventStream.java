package gateway.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.ingest.JobStatus;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.server.auth.Authenticator;
import gateway.server.auth.Credential;
import gateway.server.ingest.AuthorisedIngest;
import gateway.server.ingest.JobEventLog;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code GET /api/v1/jobs/events?project=P}: one project's job changes as server-sent events
 * ({@code text/event-stream}). A new client first gets {@code event: snapshot} (every job of the
 * project still on the board); a client that sends {@code Last-Event-ID} gets the changes it
 * missed, or a snapshot when they are no longer retained. Then {@code event: job} per change, a
 * comment line every {@code keepAlive} (which also notices a gone client), and the stream ends
 * with {@code event: end} when the access token expires or is revoked: the client refreshes and
 * reconnects with the last id. Authenticated and authorised (READ on the project, audited) once,
 * when it opens; errors before the first byte are the usual JSON errors.
 */
final class JobEventStream {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final System.Logger LOG = System.getLogger(JobEventStream.class.getName());

    private final Authenticator authenticator;
    private final AuthorisedIngest ingest;
    private final JobEventLog events;
    private final Duration keepAlive;
    private final Clock clock;

    JobEventStream(
            Authenticator authenticator, AuthorisedIngest ingest, JobEventLog events, Duration keepAlive, Clock clock) {
        this.authenticator = authenticator;
        this.ingest = ingest;
        this.events = events;
        this.keepAlive = keepAlive;
        this.clock = clock;
    }

    void handle(ServerRequest req, ServerResponse res) throws InterruptedException {
        Authenticator.Caller caller = authenticator.authenticate(
                req.headers().first(HeaderNames.AUTHORIZATION).orElse(null),
                req.prologue().method().text() + " " + req.path().path());
        ProjectId project = IngestEndpoints.project(req);
        ingest.requireRead(caller.principal(), project);
        String lastId = req.headers().first(HeaderNames.create("Last-Event-ID")).orElse(null);
        try (JobEventLog.Subscription sub = events.subscribe(lastId)) {
            res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                    .header(HeaderNames.CACHE_CONTROL, "no-store")
                    .header(HeaderNames.create("X-Accel-Buffering"), "no");
            try (OutputStream out = res.outputStream()) {
                write(out, "retry: 2000\n\n");
                if (sub.needsSnapshot()) {
                    ObjectNode snapshot = JSON.createObjectNode();
                    ArrayNode jobs = snapshot.putArray("jobs");
                    ingest.jobs(caller.principal(), project).forEach(j -> jobs.add(IngestEndpoints.jobJson(j)));
                    event(out, sub.lastId(), "snapshot", snapshot.toString());
                }
                for (JobEventLog.Event e : sub.missed()) {
                    send(out, e, project);
                }
                follow(out, sub, project, caller.credential());
            }
        } catch (UncheckedIOException | IOException e) {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "job event stream of " + caller.principal().subject() + " ended: " + e);
        }
    }

    /** Sends changes as they come until the token expires or is revoked, or the client goes. */
    private void follow(OutputStream out, JobEventLog.Subscription sub, ProjectId project, Credential credential)
            throws IOException, InterruptedException {
        while (true) {
            long untilExpiry =
                    Duration.between(clock.instant(), credential.expiresAt()).toMillis();
            if (untilExpiry <= 0) {
                end(out, "UNAUTHENTICATED", "the access token expired: refresh it and reconnect with Last-Event-ID");
                return;
            }
            Optional<JobEventLog.Event> e = sub.next(Math.min(untilExpiry, keepAlive.toMillis()));
            if (!authenticator.isActive(credential)) {
                end(out, "UNAUTHENTICATED", "the access token was revoked or the user disabled; log in again");
                return;
            }
            if (e.isPresent()) {
                send(out, e.get(), project);
            } else {
                write(out, ": keep-alive\n\n");
            }
        }
    }

    private static void send(OutputStream out, JobEventLog.Event e, ProjectId project) throws IOException {
        JobStatus job = e.job();
        if (job.project().equals(project.value())) {
            event(out, e.id(), "job", IngestEndpoints.jobJson(job).toString());
        }
    }

    private static void end(OutputStream out, String reason, String message) throws IOException {
        event(
                out,
                null,
                "end",
                JSON.createObjectNode()
                        .put("reason", reason)
                        .put("message", message)
                        .toString());
    }

    static void event(OutputStream out, String id, String name, String json) throws IOException {
        // JSON from Jackson has no raw line breaks, so each event's data is one line.
        StringBuilder b = new StringBuilder();
        if (id != null) {
            b.append("id: ").append(id).append('\n');
        }
        b.append("event: ")
                .append(name)
                .append('\n')
                .append("data: ")
                .append(json)
                .append("\n\n");
        write(out, b.toString());
    }

    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    static GatewayException noProject() {
        return GatewayException.invalid("give ?project=P: jobs are listed per project");
    }
}
