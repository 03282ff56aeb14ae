package gateway.ingest.jobs;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * Re-queues, from the job intents on the store ({@link Reconciler}), the jobs the cluster's job
 * map may have lost when its membership changed, instead of waiting for the next node start:
 * <ul>
 *   <li>when this member merges back into the cluster after a partition (Hazelcast's
 *       {@code MERGED}): the merging side's entries are handed to the other side by the merge
 *       policy, and an entry this side wrote while it was apart has been seen lost (a job the member
 *       had just acknowledged answered NOT_FOUND after a 75 s freeze);
 *   <li>on the oldest member only, when a member leaves: members that vanish together can take an
 *       entry and its only backup with them.
 * </ul>
 * A sweep walks every asset folder (as a node's start does), on a thread of its own; requests that
 * come while one waits to start are served by it, one that comes while it runs asks for one more.
 */
public final class LostJobSweep implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LostJobSweep.class.getName());

    private final IntSupplier sweep;
    private final BooleanSupplier oldest;
    private final ExecutorService thread;
    private final AtomicBoolean pending = new AtomicBoolean();
    private Runnable unlisten = () -> {};

    /**
     * @param sweep re-queues what the store says is unfinished; the number of jobs queued
     * @param oldest whether this member is the cluster's oldest now (it sweeps when a member leaves)
     */
    LostJobSweep(IntSupplier sweep, BooleanSupplier oldest) {
        this.sweep = sweep;
        this.oldest = oldest;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lost-job-sweep");
            t.setDaemon(true);
            return t;
        });
    }

    /** Sweeps with {@code sweep} on {@code hazelcast}'s merges and member departures, until closed. */
    public static LostJobSweep listen(HazelcastInstance hazelcast, IntSupplier sweep) {
        LostJobSweep s = new LostJobSweep(
                sweep,
                () -> hazelcast.getCluster().getMembers().iterator().next().localMember());
        UUID lifecycle = hazelcast.getLifecycleService().addLifecycleListener(e -> s.lifecycle(e.getState()));
        UUID membership = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                // a member that joins brings no entry of its own: nothing can be lost
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                s.memberLeft(event.getMember().getAddress().toString());
            }
        });
        s.unlisten = () -> {
            if (hazelcast.getLifecycleService().isRunning()) {
                hazelcast.getLifecycleService().removeLifecycleListener(lifecycle);
                hazelcast.getCluster().removeMembershipListener(membership);
            }
        };
        return s;
    }

    /** This member's lifecycle changed: a merge back into the cluster asks for a sweep. */
    void lifecycle(LifecycleEvent.LifecycleState state) {
        if (state == LifecycleEvent.LifecycleState.MERGED) {
            request("this member merged back into the cluster");
        }
    }

    /** A member left: the oldest member sweeps. */
    void memberLeft(String address) {
        if (oldest.getAsBoolean()) {
            request("member " + address + " left the cluster");
        }
    }

    private void request(String why) {
        if (!pending.compareAndSet(false, true)) {
            return;
        }
        try {
            thread.execute(() -> {
                pending.set(false);
                try {
                    int queued = sweep.getAsInt();
                    LOG.log(
                            queued > 0 ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
                            "lost-job sweep (" + why + "): re-queued " + queued
                                    + " ingest job(s) the store says are unfinished and the job map did not hold");
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "lost-job sweep (" + why + ") failed: " + e.getMessage(), e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            pending.set(false); // closed: the member is stopping
        }
    }

    @Override
    public void close() {
        unlisten.run();
        thread.shutdownNow();
    }
}
