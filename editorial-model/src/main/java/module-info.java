/**
 * Exact time, the timeline model, asset manifests, checksums and the error vocabulary. No
 * infrastructure: JSON (Jackson) and xxHash64 (lz4-java) are its only libraries.
 */
module gateway.model {
    requires com.fasterxml.jackson.databind;
    requires org.lz4.java; // xxHash64

    exports gateway.model.time;
    exports gateway.model.error;
    exports gateway.model.asset;
    exports gateway.model.timeline;
    exports gateway.model.checksum;
    exports gateway.model.storage;

    opens gateway.model.asset to
            com.fasterxml.jackson.databind;
}
