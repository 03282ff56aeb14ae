package gateway.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.error.GatewayException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The {@code /v1/events} WebSocket: one JSON text message per event, to every connected socket.
 * {@link #publish} never blocks: each socket has a queue of {@value #QUEUE} events drained by its own
 * virtual thread, and a socket that falls that far behind is closed (code 1013, with the reason),
 * so a stalled panel cannot hold back downloads. A new socket first gets the current connection
 * state; later {@code connection} events follow each change.
 */
final class EventHub implements WsListener, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EventHub.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int QUEUE = 1024;
    private static final int TRY_AGAIN_LATER = 1013;
    private static final int POLICY_VIOLATION = 1008;
    private static final String CLOSE = "\u0000close";

    /** The HTTP checks of an upgrade request; throws {@link GatewayException} to refuse it. */
    @FunctionalInterface
    interface UpgradeCheck {
        void check(String host, String authorization, String accessToken);
    }

    private final UpgradeCheck upgradeCheck;
    private final ConnectionState connection;
    private final Supplier<ServerAddress> server;
    private final Map<WsSession, Subscriber> subscribers = new ConcurrentHashMap<>();

    EventHub(UpgradeCheck upgradeCheck, ConnectionState connection, Supplier<ServerAddress> server) {
        this.upgradeCheck = upgradeCheck;
        this.connection = connection;
        this.server = server;
        connection.onChange(now -> publish(connectionEvent(now)));
    }

    /** Sends {@code event} to every connected socket; never waits for one. */
    void publish(ObjectNode event) {
        String text;
        try {
            text = JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event that is not JSON: " + e.getMessage(), e);
        }
        subscribers.values().forEach(s -> s.offer(text));
    }

    int connected() {
        return subscribers.size();
    }

    ObjectNode connectionEvent(ConnectionState.Snapshot now) {
        ServerAddress to = server.get();
        return JSON.createObjectNode()
                .put("type", "connection")
                .put("state", now.state().wire())
                .put("server", to == null ? null : to.toString());
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) throws WsUpgradeException {
        try {
            upgradeCheck.check(
                    headers.first(HeaderNames.HOST).orElse(null),
                    headers.first(HeaderNames.AUTHORIZATION).orElse(null),
                    prologue.query().first("access_token").orElse(null));
        } catch (GatewayException e) {
            // Refused: the request goes on as plain HTTP, where the same checks answer 401 / 403.
            throw new WsUpgradeException(e.getMessage(), e);
        }
        return Optional.empty();
    }

    @Override
    public void onOpen(WsSession session) {
        try {
            LocalApi.requireLoopbackPeer(session.socketContext().remotePeer().address());
        } catch (GatewayException e) {
            session.close(POLICY_VIOLATION, "refused: " + e.getMessage());
            return;
        }
        Subscriber s = new Subscriber(session);
        subscribers.put(session, s);
        s.offer(asText(connectionEvent(connection.current())));
        Thread.ofVirtual().name("agent-events-socket").start(s::drain);
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        Subscriber s = subscribers.remove(session);
        if (s != null) {
            s.stop();
        }
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        LOG.log(System.Logger.Level.DEBUG, "an events socket failed: " + t);
        onClose(session, 1011, "error");
    }

    @Override
    public void close() {
        subscribers.values().forEach(Subscriber::stop);
        subscribers.clear();
    }

    private static String asText(ObjectNode event) {
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One socket: its queue and the virtual thread that writes it out. */
    private final class Subscriber {
        private final WsSession session;
        private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE + 1);
        private volatile boolean tooSlow;

        Subscriber(WsSession session) {
            this.session = session;
        }

        void offer(String text) {
            if (!queue.offer(text) || queue.size() > QUEUE) {
                tooSlow = true;
                subscribers.remove(session);
                queue.clear();
                queue.offer(CLOSE);
                LOG.log(System.Logger.Level.WARNING, "an events socket fell " + QUEUE + " events behind; closing it");
            }
        }

        void stop() {
            queue.clear();
            queue.offer(CLOSE);
        }

        void drain() {
            try {
                while (true) {
                    String text = queue.take();
                    if (text == CLOSE) {
                        if (tooSlow) {
                            session.close(
                                    TRY_AGAIN_LATER,
                                    "too slow: " + QUEUE + " events waiting; reconnect and read GET /v1/jobs/{job_id}");
                        }
                        return;
                    }
                    session.send(text, true);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                subscribers.remove(session);
                LOG.log(System.Logger.Level.DEBUG, "an events socket could not be written: " + e);
            }
        }
    }
}
