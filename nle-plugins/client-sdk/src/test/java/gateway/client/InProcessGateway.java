package gateway.client;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A real gRPC server in this JVM, reached over a real channel: the test services behind real stubs. */
final class InProcessGateway implements AutoCloseable {
    private final Server server;
    private final String name;

    private InProcessGateway(Server server, String name) {
        this.server = server;
        this.name = name;
    }

    /** Starts the services, each behind {@code interceptor} when it is not null. */
    static InProcessGateway start(ServerInterceptor interceptor, BindableService... services) {
        String name = InProcessServerBuilder.generateName();
        InProcessServerBuilder builder = InProcessServerBuilder.forName(name);
        for (BindableService service : services) {
            builder.addService(
                    interceptor == null ? service.bindService() : ServerInterceptors.intercept(service, interceptor));
        }
        try {
            return new InProcessGateway(builder.build().start(), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InProcessGateway start(BindableService... services) {
        return start(null, services);
    }

    GatewayClient client(ClientOptions options) {
        return new GatewayClient(
                InProcessChannelBuilder.forName(name)
                        .maxInboundMessageSize(options.maxInboundMessageBytes())
                        .build(),
                options);
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
