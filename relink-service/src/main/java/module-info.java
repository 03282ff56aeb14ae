/** Conform: edit readers, the linker against the asset catalogue, writers and the conform report. */
module gateway.relink {
    requires gateway.model;
    requires com.fasterxml.jackson.databind;
    requires java.xml;

    exports gateway.relink.read;
    exports gateway.relink.read.cmx;
}
