/** Benchmarks against the peers (ffmpeg, nginx, raw Lucene); prints ratios. Not tests. */
module gateway.perf {
    requires gateway.model;
    requires gateway.proxy;
    requires gateway.index;
    requires gateway.relink;
    requires gateway.server;
    requires org.apache.lucene.core;
    requires java.management;
}
