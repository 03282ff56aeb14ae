/** Exact time, the timeline model, asset manifests and the error vocabulary. No infrastructure. */
module gateway.model {
    requires com.fasterxml.jackson.databind;

    exports gateway.model.time;
    exports gateway.model.error;
    exports gateway.model.asset;
    exports gateway.model.timeline;
    exports gateway.model.checksum;

    opens gateway.model.asset to
            com.fasterxml.jackson.databind;
}
