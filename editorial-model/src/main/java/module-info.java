/** Exact time, the timeline model, asset manifests and the error vocabulary. No infrastructure. */
module gateway.model {
    exports gateway.model.time;
    exports gateway.model.error;
    exports gateway.model.asset;
}
