/**
 * The editor-side agent: a local proxy cache with stable paths that NLEs link to, the
 * {@code gateway agent} commands, and a localhost-only HTTP API for the NLE panels.
 */
module gateway.agent {
    requires transitive gateway.client;
    requires gateway.relink;
    requires io.helidon.webserver;
    requires io.helidon.webserver.websocket;
    requires io.helidon.websocket;
    requires io.helidon.http;
    requires io.helidon.common.socket;
    // Compile-time only: the tests' WebSocket client (the JDK's); the agent never uses it.
    requires static java.net.http;
    requires com.fasterxml.jackson.databind;
    requires info.picocli;

    exports gateway.agent;
    // picocli fills the command classes' option fields by reflection.
    opens gateway.agent to
            info.picocli;
}
