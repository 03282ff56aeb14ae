package gateway.agent;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.error.RetriableGatewayException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Whether the gateway answered the last call: "online" or "offline", and since when; "relogging"
 * while the agent renews its expiring login with the node (until the next call's verdict). Every
 * call the localhost API makes reports here; a failure that says the node could not be reached (or
 * did not answer in time) is offline, any answer of the node (even a refusal) is online.
 */
final class ConnectionState {
    enum State {
        ONLINE,
        OFFLINE,
        RELOGGING;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A state and when it began. */
    record Snapshot(State state, Instant since) {}

    private final Clock clock;
    private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();
    private Snapshot current;

    ConnectionState(Clock clock) {
        this.clock = clock;
        this.current = new Snapshot(State.OFFLINE, clock.instant());
    }

    /** Calls {@code listener} with each new state (on the thread whose call changed it). */
    void onChange(Consumer<Snapshot> listener) {
        listeners.add(listener);
    }

    synchronized Snapshot current() {
        return current;
    }

    /** The agent is renewing its login with the node (a refresh of its access token). */
    void relogging() {
        move(State.RELOGGING);
    }

    void answered() {
        move(State.ONLINE);
    }

    /** Records {@code e}'s verdict on the link; true when it means the node is unreachable. */
    boolean failed(GatewayException e) {
        boolean unreachable = unreachable(e);
        move(unreachable ? State.OFFLINE : State.ONLINE);
        return unreachable;
    }

    static boolean unreachable(GatewayException e) {
        return e.reason() == Reason.UNAVAILABLE
                || e.reason() == Reason.TIMEOUT
                || (e instanceof RetriableGatewayException && e.reason() != Reason.RESOURCE_LIMIT);
    }

    private void move(State to) {
        Snapshot changed = null;
        synchronized (this) {
            if (current.state() != to) {
                current = new Snapshot(to, clock.instant());
                changed = current;
            }
        }
        if (changed != null) {
            for (Consumer<Snapshot> listener : listeners) {
                listener.accept(changed);
            }
        }
    }
}
