/** Conform: edit readers, the linker against the asset catalogue, writers and the conform report. */
module gateway.relink {
    requires transitive gateway.model;
    requires com.fasterxml.jackson.databind;
    requires java.xml;
    requires gateway.index;
    requires org.apache.poi.poi;

    exports gateway.relink;
    exports gateway.relink.read;
    exports gateway.relink.read.formats;
    exports gateway.relink.read.aaf;
    exports gateway.relink.read.ale;
    exports gateway.relink.read.cmx;
    exports gateway.relink.read.fcpxml;
    exports gateway.relink.read.fcp7;
    exports gateway.relink.read.otio;
    exports gateway.relink.consolidate;
    exports gateway.relink.link;
    exports gateway.relink.nest;
    exports gateway.relink.report;
    exports gateway.relink.write.otio;
    exports gateway.relink.write.cmx;
    exports gateway.relink.write.fcp7;
    exports gateway.relink.write.fcpxml;
    exports gateway.relink.write.ale;
}
