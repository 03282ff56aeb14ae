package gateway.server.tls;

import gateway.model.error.GatewayException;
import gateway.server.config.GatewayConfig;
import gateway.server.config.Security;
import java.util.Optional;

/**
 * Decides how the node serves: TLS with the configured PEM files, TLS with the self-signed
 * default under {@code <store.node-dir>/security/tls/}, or — only on a loopback host with
 * {@code server.tls.enabled: false} set explicitly — plaintext.
 */
public final class ServerTls {
    private ServerTls() {}

    /** The certificate to serve with; empty means plaintext (already checked to be on loopback). */
    public static Optional<ServerCertificate> forConfig(GatewayConfig config) {
        Security s = config.security();
        if (!s.tls()) {
            if (!GatewayConfig.isLoopback(config.server().host())) {
                throw GatewayException.invalid("config key server.tls.enabled is false but server.host "
                        + config.server().host() + " is not a loopback address: refusing to serve plaintext");
            }
            return Optional.empty();
        }
        if (s.tlsCertFile() != null) {
            return Optional.of(ServerCertificate.load(s.tlsCertFile(), s.tlsKeyFile()));
        }
        return Optional.of(SelfSignedCertificate.loadOrCreate(
                config.store().tlsDir(), config.server().host()));
    }
}
