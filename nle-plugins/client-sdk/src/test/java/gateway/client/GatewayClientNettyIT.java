package gateway.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link GatewayClient#connect} over real sockets: Netty on an ephemeral loopback port, plaintext and TLS. */
class GatewayClientNettyIT {
    private Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }

    private int start(ServerCredentials credentials) throws IOException {
        TestGatewayServices.Authorization authorization = new TestGatewayServices.Authorization();
        server = Grpc.newServerBuilderForPort(0, credentials)
                .addService(ServerInterceptors.intercept(new TestGatewayServices.Auth(), authorization))
                .addService(ServerInterceptors.intercept(new TestGatewayServices.Catalog(), authorization))
                .build()
                .start();
        return server.getPort();
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(GatewayClientNettyIT.class.getResource("/tls/" + name).toURI());
    }

    @Test
    void plaintextLoginAndCall() throws IOException {
        int port = start(InsecureServerCredentials.create());
        try (GatewayClient client = GatewayClient.connect("127.0.0.1", port, ClientOptions.plaintext())) {
            client.login(TestGatewayServices.USER, TestGatewayServices.PASSWORD);
            assertEquals(
                    TestGatewayServices.CLIP,
                    client.getAsset(TestGatewayServices.CLIP.assetId().value()));
        }
    }

    @Test
    void tlsWithTheServersCertificateTrusted() throws Exception {
        int port = start(TlsServerCredentials.create(
                resource("server-cert.pem").toFile(), resource("server-key.pem").toFile()));
        try (GatewayClient client =
                GatewayClient.connect("localhost", port, ClientOptions.tls(resource("server-cert.pem")))) {
            client.login(TestGatewayServices.USER, TestGatewayServices.PASSWORD);
            assertEquals(2, client.listProjects().size());
        }
    }

    @Test
    void tlsServerWithAnUntrustedCertificateIsRefused() throws Exception {
        int port = start(TlsServerCredentials.create(
                resource("server-cert.pem").toFile(), resource("server-key.pem").toFile()));
        try (GatewayClient client =
                GatewayClient.connect("localhost", port, ClientOptions.tls(resource("other-cert.pem")))) {
            GatewayException e = assertThrows(
                    GatewayException.class, () -> client.login(TestGatewayServices.USER, TestGatewayServices.PASSWORD));
            assertEquals(Reason.UNAVAILABLE, e.reason());
        }
    }

    @Test
    void missingCertificateFileIsAnInvalidOption() {
        GatewayException e = assertThrows(
                GatewayException.class,
                () -> GatewayClient.connect("localhost", 1, ClientOptions.tls(Path.of("/nonexistent/ca.pem"))));
        assertEquals(Reason.INVALID_ARGUMENT, e.reason());
        assertTrue(e.getMessage().contains("/nonexistent/ca.pem"), e.getMessage());
    }

    @Test
    void badPortIsRejected() {
        GatewayException e = assertThrows(
                GatewayException.class, () -> GatewayClient.connect("localhost", 0, ClientOptions.plaintext()));
        assertEquals(Reason.INVALID_ARGUMENT, e.reason());
    }
}
