package gateway.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * {@code POST /v1/conform} and {@code GET /v1/conforms/{conform_id}} (API.md), transport-free:
 * {@link #start} checks the request, answers {@code {"conform_id"}} at once (the transport sends
 * 202) and runs the {@link ConformRun} on a virtual thread; {@link #status} answers what it came
 * to. Progress, completion and failure go to every {@link #subscribe subscriber} as API.md events
 * ({@code conform.progress}, {@code conform.done}, {@code conform.failed}), so the events hub
 * forwards them without knowing this class. Conforms are remembered while the agent runs.
 */
final class ConformApi implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ConformApi.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ClientSource clients;
    private final ExecutorService runs = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, ObjectNode> conforms = new ConcurrentHashMap<>();
    private final List<Consumer<ObjectNode>> subscribers = new CopyOnWriteArrayList<>();

    ConformApi(ClientSource clients) {
        this.clients = clients;
    }

    /** {@code listener} gets every conform event from now on (on the conform's thread; it must not block). */
    void subscribe(Consumer<ObjectNode> listener) {
        subscribers.add(listener);
    }

    /** {@code POST /v1/conform} {@code {"edit_path", "project", "rate", "handles"}} → {@code {"conform_id"}}. */
    ObjectNode start(JsonNode request) {
        String path = request.path("edit_path").asText("");
        String project = request.path("project").asText("");
        if (path.isEmpty() || project.isEmpty()) {
            throw GatewayException.invalid("a conform needs edit_path (an absolute path) and project");
        }
        JsonNode rate = request.path("rate");
        ConformRun run = new ConformRun(
                Path.of(path),
                new ProjectId(project),
                rate.isMissingNode() || rate.isNull() ? null : FrameRate.parse(rate.asText()),
                request.path("handles").asLong(0));
        run.check();
        String id = "c-" + HexFormat.of().formatHex(bytes());
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        state.put("conform_id", id)
                .put("state", "running")
                .put("edit_path", run.edit().toString());
        state.putNull("totals");
        state.putNull("report_html");
        state.putNull("report_json");
        state.putNull("error");
        conforms.put(id, state);
        runs.submit(() -> run(id, run));
        return JsonNodeFactory.instance.objectNode().put("conform_id", id);
    }

    /** {@code GET /v1/conforms/{conform_id}}. */
    ObjectNode status(String conformId) {
        ObjectNode state = conforms.get(conformId);
        if (state == null) {
            throw GatewayException.notFound(
                    "no conform " + conformId + " in this agent (conforms are kept while it runs)");
        }
        synchronized (state) {
            return state.deepCopy();
        }
    }

    private void run(String id, ConformRun run) {
        ObjectNode state = conforms.get(id);
        try {
            ConformRun.Outcome o = run.run(clients, step -> publish(step.put("type", "conform.progress"), id));
            synchronized (state) {
                state.put("state", "done");
                state.set("totals", o.totalsJson());
                state.put(
                        "report_html",
                        o.reportHtml() == null ? null : o.reportHtml().toString());
                state.put("report_json", o.reportJson().toString());
            }
            ObjectNode done = JsonNodeFactory.instance.objectNode().put("type", "conform.done");
            done.set("totals", o.totalsJson());
            done.put(
                    "report_html",
                    o.reportHtml() == null ? null : o.reportHtml().toString());
            done.put("report_json", o.reportJson().toString());
            publish(done, id);
        } catch (GatewayException | java.io.UncheckedIOException e) {
            String reason = e instanceof GatewayException g ? g.reason().name() : "IO";
            ObjectNode error =
                    JsonNodeFactory.instance.objectNode().put("reason", reason).put("message", e.getMessage());
            synchronized (state) {
                state.put("state", "failed");
                state.set("error", error);
            }
            ObjectNode failed = JsonNodeFactory.instance.objectNode().put("type", "conform.failed");
            failed.set("error", error);
            publish(failed, id);
        }
    }

    private void publish(ObjectNode event, String id) {
        ObjectNode e = JsonNodeFactory.instance
                .objectNode()
                .put("type", event.path("type").asText())
                .put("conform_id", id);
        event.properties().forEach(p -> {
            if (!p.getKey().equals("type")) {
                e.set(p.getKey(), p.getValue());
            }
        });
        for (Consumer<ObjectNode> s : subscribers) {
            try {
                s.accept(e.deepCopy());
            } catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "a conform event subscriber failed on " + e + ": " + ex, ex);
            }
        }
    }

    private static byte[] bytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }

    @Override
    public void close() {
        runs.shutdownNow();
    }
}
