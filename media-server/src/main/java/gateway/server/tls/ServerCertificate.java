package gateway.server.tls;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The certificate chain and private key the node serves TLS with (gRPC and HTTP alike), and the
 * PEM file clients should trust ({@code ClientOptions.tls(trustFile)}, {@code ./gateway … --ca}).
 */
public record ServerCertificate(List<X509Certificate> chain, PrivateKey key, Path trustFile) {
    public ServerCertificate {
        chain = List.copyOf(chain);
    }

    /** Loads PEM files: a certificate chain (leaf first) and its PKCS#8 private key. */
    public static ServerCertificate load(Path certFile, Path keyFile) {
        return new ServerCertificate(Pem.certificates(certFile), Pem.privateKey(keyFile), certFile);
    }

    public KeyManager[] keyManagers() {
        try {
            char[] none = new char[0];
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("gateway", key, none, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, none);
            return kmf.getKeyManagers();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw GatewayException.invalid(
                    "the TLS private key does not go with the certificate of " + trustFile + ": " + e.getMessage());
        }
    }

    /** A TLS 1.2/1.3 server context for Helidon. */
    public SSLContext sslContext() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new GatewayException(Reason.INTERNAL, "TLS is not available in this JDK: " + e.getMessage(), e);
        }
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** The first DNS name the leaf certificate is valid for (its subject alternative names), if any. */
    public Optional<String> dnsName() {
        try {
            var names = leaf().getSubjectAlternativeNames();
            if (names == null) {
                return Optional.empty();
            }
            return names.stream()
                    .filter(n -> n.size() == 2 && Integer.valueOf(2).equals(n.get(0)))
                    .map(n -> String.valueOf(n.get(1)))
                    .filter(n -> !n.startsWith("*"))
                    .findFirst();
        } catch (java.security.cert.CertificateParsingException e) {
            return Optional.empty();
        }
    }
}
