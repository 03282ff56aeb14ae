/**
 * Storage tiers for originals: named POSIX and S3 tiers, per-project policies, demotion of originals
 * to an object tier (multipart, resumable, verified before the NAS copy is released), range reads of
 * objects, whole-project plans, and an embedded S3 server (S3Proxy) for the demo and the tests. AWS
 * SDK and S3Proxy types stay inside.
 */
module gateway.tiers {
    requires gateway.model;
    requires software.amazon.awssdk.services.s3;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.auth;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.http.urlconnection;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.utils;
    requires java.logging; // quietens S3Proxy's INFO lines (EmbeddedS3)

    exports gateway.tiers;
    exports gateway.tiers.embedded;
}
