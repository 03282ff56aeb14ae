/** Benchmarks against the peers (ffmpeg, nginx, raw Lucene); prints ratios. Not tests. */
module gateway.perf {
    requires gateway.model;
    requires gateway.proxy;
    requires gateway.index;
    requires gateway.relink;
    requires gateway.server;
    requires gateway.tiers; // the restore row reads originals from the embedded S3 server
    requires gateway.ingest; // the fault bench starts node JVMs as the node starts workers
    requires com.fasterxml.jackson.databind;
    requires java.net.http;
    requires gateway.client; // the streaming bench is an editor's client
    requires org.apache.lucene.core;
    requires org.lz4.java; // the xxHash64 row's peer
    requires java.management;
    requires jdk.management; // the qc row reads its process CPU time
    requires info.picocli;

    opens gateway.perf to
            info.picocli;
}
