/** Ingest: probe, checksums, sample camera originals and proxies (GStreamer through gst1-java-core). */
module gateway.proxy {
    requires transitive gateway.model;
    requires org.freedesktop.gstreamer;
    requires com.sun.jna;
    requires java.desktop; // ImageIO: JPEG thumbnails, poster and filmstrip

    exports gateway.proxy.checksum;
    exports gateway.proxy.finish;
    exports gateway.proxy.probe;
    exports gateway.proxy.progress;
    exports gateway.proxy.restore;
    exports gateway.proxy.samples;
    exports gateway.proxy.transcode;
}
