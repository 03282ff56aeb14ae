/**
 * The {@code gateway} command line: local-store mode (opens the store in-process) and
 * {@code --server} mode (through the client SDK). On top of the node and the SDK; nothing depends
 * on it.
 */
module gateway.cli {
    requires gateway.model;
    requires gateway.server;
    requires gateway.ingest;
    requires gateway.client;
    requires gateway.relink;
    requires gateway.index;
    requires gateway.proxy;
    requires gateway.tiers;
    requires com.fasterxml.jackson.databind;
    requires java.logging;
    requires jdk.httpserver;
    requires info.picocli;
    // Netty's logger factory, set to JUL at start (GatewayCli.quietLibraries)
    requires io.grpc.netty.shaded;

    exports gateway.cli;

    // picocli reads and sets the commands' annotated fields by reflection.
    opens gateway.cli to
            info.picocli;
}
