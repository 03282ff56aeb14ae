package gateway.server.tls;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One PEM block ({@code -----BEGIN type-----}): what it is and its DER bytes. */
record Pem(String type, byte[] der) {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    static List<Pem> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw GatewayException.io("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<Pem> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            out.add(new Pem(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
        }
        return out;
    }

    String text() {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** The certificates of a PEM file, in order (leaf first); INVALID_ARGUMENT naming the file when none. */
    static List<X509Certificate> certificates(Path file) {
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Pem p : read(file)) {
                if (p.type().equals("CERTIFICATE")) {
                    out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(p.der())));
                }
            }
        } catch (CertificateException e) {
            throw GatewayException.invalid(
                    "certificate file " + file + " holds a damaged certificate: " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw GatewayException.invalid("certificate file " + file + " holds no PEM CERTIFICATE block");
        }
        return out;
    }

    /** The PKCS#8 private key of a PEM file ({@code BEGIN PRIVATE KEY}), RSA or EC. */
    static PrivateKey privateKey(Path file) {
        for (Pem p : read(file)) {
            if (p.type().equals("PRIVATE KEY")) {
                for (String alg : List.of("EC", "RSA", "Ed25519")) {
                    try {
                        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(p.der()));
                    } catch (GeneralSecurityException tryNext) {
                        // not this algorithm
                    }
                }
                throw GatewayException.invalid("key file " + file + " holds a PKCS#8 key of an unknown algorithm");
            }
            if (p.type().endsWith("PRIVATE KEY")) {
                throw new GatewayException(
                        Reason.UNSUPPORTED,
                        "key file " + file + " holds a '" + p.type() + "'; convert it to PKCS#8 "
                                + "(openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem)");
            }
        }
        throw GatewayException.invalid("key file " + file + " holds no PEM PRIVATE KEY block");
    }
}
