package gateway.server.ingest;

import gateway.ingest.JobStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The job changes this node has heard, numbered, so a client of the event stream that lost its
 * connection can say the last one it saw ({@code Last-Event-ID}) and receive what it missed. Keeps
 * the last {@code capacity} changes of all projects; an id that is older than that, or from before
 * this node started (another epoch), cannot be caught up from and the client gets a fresh snapshot.
 */
public final class JobEventLog {
    /** One change: its id on this node ({@code epoch-sequence}) and the job as it was. */
    public record Event(String id, long sequence, JobStatus job) {}

    /**
     * A live subscription: {@code missed} the retained events after the client's last id (empty
     * when up to date or when {@code needsSnapshot}), then new events arrive on {@link #next}.
     */
    public final class Subscription implements AutoCloseable {
        private final BlockingQueue<Event> live = new LinkedBlockingQueue<>();
        private final List<Event> missed;
        private final boolean needsSnapshot;
        private final String lastId;

        private Subscription(List<Event> missed, boolean needsSnapshot, String lastId) {
            this.missed = missed;
            this.needsSnapshot = needsSnapshot;
            this.lastId = lastId;
        }

        public List<Event> missed() {
            return missed;
        }

        /** True when the client's id could not be caught up from: it needs the whole list again. */
        public boolean needsSnapshot() {
            return needsSnapshot;
        }

        /** The id of the newest event at subscription time (for a snapshot's id). */
        public String lastId() {
            return lastId;
        }

        /** The next event, or empty after {@code timeoutMillis} without one. */
        public Optional<Event> next(long timeoutMillis) throws InterruptedException {
            return Optional.ofNullable(live.poll(timeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS));
        }

        @Override
        public void close() {
            subscribers.remove(this);
        }
    }

    private final String epoch = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    private final int capacity;
    private final Deque<Event> retained = new ArrayDeque<>();
    private final Set<Subscription> subscribers = new CopyOnWriteArraySet<>();
    private long sequence;

    public JobEventLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
    }

    /** Records a change and hands it to every subscriber (the coordinator's {@code watchAll} listener). */
    public synchronized void append(JobStatus job) {
        sequence++;
        Event e = new Event(epoch + "-" + sequence, sequence, job);
        retained.addLast(e);
        if (retained.size() > capacity) {
            retained.removeFirst();
        }
        subscribers.forEach(s -> s.live.add(e));
    }

    /** The subscriptions open now: one per job or cluster event stream a client holds open. */
    public int subscriberCount() {
        return subscribers.size();
    }

    /**
     * Subscribes from {@code lastEventId} (null or blank: a new client, which needs a snapshot).
     * Atomic with {@link #append}: no event falls between the missed list and the live queue.
     */
    public synchronized Subscription subscribe(String lastEventId) {
        String newest = epoch + "-" + sequence;
        long after = sequenceOf(lastEventId);
        boolean catchable = after >= 0
                && after <= sequence
                && (retained.isEmpty()
                        ? after == sequence
                        : after >= retained.peekFirst().sequence() - 1);
        List<Event> missed = new ArrayList<>();
        if (catchable) {
            retained.stream().filter(e -> e.sequence() > after).forEach(missed::add);
        }
        Subscription s = new Subscription(List.copyOf(missed), !catchable, newest);
        subscribers.add(s);
        return s;
    }

    /** The sequence number of an id of this epoch; -1 for none, a malformed one or another epoch's. */
    private long sequenceOf(String id) {
        if (id == null || !id.startsWith(epoch + "-")) {
            return -1;
        }
        String n = id.substring(epoch.length() + 1);
        if (!n.matches("\\d{1,18}")) {
            return -1;
        }
        return Long.parseLong(n);
    }
}
