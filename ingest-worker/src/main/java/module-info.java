/**
 * The ingest worker: the job board (Hazelcast or in-process), leases, claimers, the worker JVM that
 * decodes untrusted media and its task main, watch folders and card offload — everything a worker
 * machine runs. The node coordinates ingest through {@code gateway.ingest}; it never decodes.
 */
module gateway.ingest {
    requires transitive gateway.model;
    requires gateway.proxy;
    requires gateway.relink;
    requires com.hazelcast.core;
    requires com.fasterxml.jackson.databind;
    requires java.management;

    exports gateway.ingest;
    exports gateway.ingest.cluster;
    exports gateway.ingest.config;
    exports gateway.ingest.jobs;
    exports gateway.ingest.offload;
    exports gateway.ingest.process;
    exports gateway.ingest.task;
    exports gateway.ingest.watch;
}
