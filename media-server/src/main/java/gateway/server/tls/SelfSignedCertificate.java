package gateway.server.tls;

import gateway.model.asset.DurableFiles;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The embedded default's certificate: an EC P-256 key and a self-signed certificate for
 * localhost, the loopback addresses and the configured host, made on first start with the running
 * JDK's {@code keytool} and kept as PEM in {@code <store>/security/tls/} ({@code cert.pem}, which
 * clients trust, and {@code key.pem}, mode 600).
 */
public final class SelfSignedCertificate {
    static final String CERT = "cert.pem";
    static final String KEY = "key.pem";
    private static final int VALIDITY_DAYS = 825;

    private SelfSignedCertificate() {}

    /** The certificate in {@code dir}, made first when it is missing. */
    public static ServerCertificate loadOrCreate(Path dir, String host) {
        Path cert = dir.resolve(CERT);
        Path key = dir.resolve(KEY);
        if (!Files.exists(cert) || !Files.exists(key)) {
            create(dir, host);
        }
        return ServerCertificate.load(cert, key);
    }

    private static void create(Path dir, String host) {
        try {
            Files.createDirectories(dir);
            Path p12 = Files.createTempFile(dir, "keytool-", ".p12");
            Files.delete(p12); // keytool makes it
            byte[] pw = new byte[16];
            new SecureRandom().nextBytes(pw);
            String storePass = HexFormat.of().formatHex(pw);
            try {
                keytool(
                        List.of(
                                "-genkeypair",
                                "-alias",
                                "gateway",
                                "-keyalg",
                                "EC",
                                "-groupname",
                                "secp256r1",
                                "-sigalg",
                                "SHA256withECDSA",
                                "-dname",
                                "CN=editorial gateway (self-signed)",
                                "-validity",
                                String.valueOf(VALIDITY_DAYS),
                                "-ext",
                                "san=" + String.join(",", subjectAltNames(host)),
                                "-keystore",
                                p12.toString(),
                                "-storetype",
                                "PKCS12",
                                "-storepass:env",
                                "GATEWAY_KEYTOOL_PASS"),
                        storePass);
                KeyStore ks = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(p12)) {
                    ks.load(in, storePass.toCharArray());
                }
                PrivateKey key = (PrivateKey) ks.getKey("gateway", storePass.toCharArray());
                Certificate c = ks.getCertificate("gateway");
                writeAtomically(dir.resolve(KEY), new Pem("PRIVATE KEY", key.getEncoded()).text(), true);
                writeAtomically(dir.resolve(CERT), new Pem("CERTIFICATE", c.getEncoded()).text(), false);
            } finally {
                Files.deleteIfExists(p12);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw GatewayException.io("cannot make a self-signed TLS certificate in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** localhost, 127.0.0.1, ::1 and the configured host (as an IP or a DNS name). */
    static List<String> subjectAltNames(String host) {
        Set<String> names = new LinkedHashSet<>(List.of("dns:localhost", "ip:127.0.0.1", "ip:::1"));
        if (host != null && !host.isBlank() && !host.equals("0.0.0.0") && !host.equals("::")) {
            names.add(isIpLiteral(host) ? "ip:" + host : "dns:" + host);
        }
        if (host != null && (host.equals("0.0.0.0") || host.equals("::"))) {
            try {
                names.add("dns:" + InetAddress.getLocalHost().getHostName());
            } catch (IOException e) {
                // no host name: loopback names only
            }
        }
        return new ArrayList<>(names);
    }

    private static boolean isIpLiteral(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }

    private static void keytool(List<String> args, String storePass) throws IOException {
        Path keytool =
                Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("keytool");
        if (!Files.isExecutable(keytool)) {
            keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(keytool.toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("GATEWAY_KEYTOOL_PASS", storePass);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new GatewayException(Reason.TIMEOUT, "keytool did not finish in 60 s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new GatewayException(Reason.CANCELLED, "interrupted while making the TLS certificate");
        }
        if (p.exitValue() != 0) {
            throw new GatewayException(
                    Reason.INTERNAL, "keytool failed (exit " + p.exitValue() + "): " + output.strip());
        }
    }

    private static void writeAtomically(Path file, String text, boolean secret) {
        DurableFiles.write(
                file,
                text.getBytes(StandardCharsets.US_ASCII),
                secret ? DurableFiles.Access.OWNER_ONLY : DurableFiles.Access.DEFAULT);
    }
}
