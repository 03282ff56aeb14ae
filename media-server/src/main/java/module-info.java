/**
 * The gateway node: gRPC services (grpc-java on Netty), Helidon HTTP, auth, audit, catalogue
 * access and cluster membership. Ingest runs through {@code gateway.ingest}; the command line is
 * {@code gateway.cli}, on top of this module.
 */
module gateway.server {
    requires gateway.model;
    requires gateway.protos;
    requires gateway.index;
    requires gateway.proxy;
    requires gateway.relink;
    requires transitive gateway.tiers;
    requires transitive gateway.ingest;
    requires io.grpc;
    requires io.grpc.netty.shaded;
    requires io.grpc.services;
    requires io.grpc.protobuf;
    requires io.grpc.stub;
    requires com.google.protobuf;
    requires io.helidon.webserver;
    requires io.helidon.http;
    requires io.helidon.config;
    requires io.helidon.common.tls;
    requires com.hazelcast.core;
    requires com.fasterxml.jackson.databind;
    requires org.bouncycastle.provider;
    requires com.nimbusds.jose.jwt;
    requires java.management;
    requires java.logging;

    exports gateway.server;
    exports gateway.server.config;
    exports gateway.server.auth;
    exports gateway.server.tls;
    exports gateway.server.catalog;
    exports gateway.server.cluster;
    exports gateway.server.conform;
    exports gateway.server.http;
    exports gateway.server.ingest;
    exports gateway.server.metrics;
    exports gateway.server.tiers;
}
