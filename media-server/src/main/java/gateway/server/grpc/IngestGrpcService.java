package gateway.server.grpc;

import gateway.ingest.JobStatus;
import gateway.model.asset.ProjectId;
import gateway.model.error.Reason;
import gateway.protos.ingest.v1.IngestRequest;
import gateway.protos.ingest.v1.IngestResponse;
import gateway.protos.ingest.v1.IngestServiceGrpc;
import gateway.protos.ingest.v1.Job;
import gateway.protos.ingest.v1.JobPhase;
import gateway.protos.ingest.v1.JobProgress;
import gateway.protos.ingest.v1.JobState;
import gateway.protos.ingest.v1.WatchJobsRequest;
import gateway.protos.mapper.ErrorMapper;
import gateway.server.auth.Principal;
import gateway.server.ingest.AuthorisedIngest;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** Starts ingest jobs and streams their progress. */
public final class IngestGrpcService extends IngestServiceGrpc.IngestServiceImplBase {
    private final AuthorisedIngest ingest;

    public IngestGrpcService(AuthorisedIngest ingest) {
        this.ingest = ingest;
    }

    @Override
    public void ingest(IngestRequest request, StreamObserver<IngestResponse> out) {
        ServiceCalls.unary(out, () -> {
            Principal who = AuthInterceptor.principal();
            ProjectId project = new ProjectId(request.getProject());
            IngestResponse.Builder b = IngestResponse.newBuilder();
            ingest.submit(who, request.getPathsList(), project, request.getCopy())
                    .forEach(j -> b.addJobs(Job.newBuilder().setJobId(j.jobId()).setPath(j.path())));
            return b.build();
        });
    }

    @Override
    public void watchJobs(WatchJobsRequest request, StreamObserver<JobProgress> responseObserver) {
        ServerCallStreamObserver<JobProgress> out = (ServerCallStreamObserver<JobProgress>) responseObserver;
        Principal who = AuthInterceptor.principal();
        Set<String> pending = new HashSet<>(request.getJobIdsList());
        List<Runnable> unwatch = new ArrayList<>();
        Object lock = new Object();
        try {
            for (String id : request.getJobIdsList()) {
                ingest.status(who, id);
            }
            for (String id : request.getJobIdsList()) {
                Consumer<JobStatus> listener = s -> {
                    synchronized (lock) {
                        if (out.isCancelled() || pending.isEmpty()) {
                            return;
                        }
                        out.onNext(progress(s));
                        if (s.isFinished() && pending.remove(s.jobId()) && pending.isEmpty()) {
                            out.onCompleted();
                        }
                    }
                };
                ingest.watch(id, listener);
                unwatch.add(() -> ingest.unwatch(id, listener));
            }
            out.setOnCancelHandler(() -> unwatch.forEach(Runnable::run));
        } catch (RuntimeException e) {
            unwatch.forEach(Runnable::run);
            ServiceCalls.fail(out, e);
        }
    }

    static JobProgress progress(JobStatus s) {
        JobProgress.Builder b = JobProgress.newBuilder()
                .setJobId(s.jobId())
                .setPath(s.path())
                .setState(
                        switch (s.state()) {
                            case JobStatus.QUEUED -> JobState.JOB_STATE_QUEUED;
                            case JobStatus.RUNNING -> JobState.JOB_STATE_RUNNING;
                            case JobStatus.DONE -> JobState.JOB_STATE_DONE;
                            default -> JobState.JOB_STATE_FAILED;
                        })
                .setPercent(s.percent())
                .setPhase(
                        switch (s.phase()) {
                            case JobStatus.COPYING -> JobPhase.JOB_PHASE_COPYING;
                            case JobStatus.HASHING -> JobPhase.JOB_PHASE_HASHING;
                            case JobStatus.PROXYING -> JobPhase.JOB_PHASE_PROXYING;
                            default -> JobPhase.JOB_PHASE_UNSPECIFIED;
                        })
                .setAssetId(s.assetId())
                .setErrorMessage(s.errorMessage());
        if (!s.errorReason().isEmpty()) {
            b.setErrorReason(ErrorMapper.toProto(Reason.valueOf(s.errorReason())));
        }
        if (!s.warnings().isEmpty()) {
            for (String w : s.warnings().split("\n")) {
                b.addWarnings(w);
            }
        }
        return b.build();
    }
}
