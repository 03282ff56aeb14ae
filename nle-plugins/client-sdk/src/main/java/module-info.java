/** The Java client of the gateway: editors' agents and the CLI talk to a node through it. */
module gateway.client {
    requires transitive gateway.model;
    requires gateway.protos;
    // The channel transport, found through gRPC's provider registry.
    requires io.grpc.netty.shaded;

    exports gateway.client;
}
