package gateway.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.concurrent.atomic.AtomicReference;

/** The current access token, attached to every call as {@code authorization: Bearer <token>}. */
final class BearerToken implements ClientInterceptor {
    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final AtomicReference<String> token;

    BearerToken(String initial) {
        token = new AtomicReference<>(initial == null || initial.isBlank() ? null : initial);
    }

    void set(String accessToken) {
        token.set(accessToken == null || accessToken.isBlank() ? null : accessToken);
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                String current = token.get();
                if (current != null) {
                    headers.put(AUTHORIZATION, "Bearer " + current);
                }
                super.start(listener, headers);
            }
        };
    }
}
