package gateway.client;

/** A queued ingest job: its id for {@link GatewayClient#watchJobs} and the file it ingests. */
public record IngestJob(String jobId, String path) {}
