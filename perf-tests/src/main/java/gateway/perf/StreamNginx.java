package gateway.perf;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The peer: our own nginx (never the system's service) serving one folder on a loopback port, with
 * a configuration generated into the bench work folder ({@code daemon off}, its own pid file, logs
 * and temp folders, sendfile, long keep-alive), stopped when closed.
 */
final class StreamNginx implements AutoCloseable {
    private static final List<Path> KNOWN = List.of(Path.of("/usr/sbin/nginx"), Path.of("/usr/bin/nginx"));

    private final Process process;
    private final int port;

    private StreamNginx(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The nginx binary, installing Debian's package when it is missing and we may (root, or sudo without a password). */
    static Optional<Path> binary() {
        Optional<Path> found = KNOWN.stream().filter(Files::isExecutable).findFirst();
        if (found.isPresent()) {
            return found;
        }
        System.out.println("stream: nginx is missing; trying apt-get install -y nginx ...");
        boolean root = "root".equals(System.getProperty("user.name"));
        List<String> install = root
                ? List.of("apt-get", "install", "-y", "nginx")
                : List.of("sudo", "-n", "apt-get", "install", "-y", "nginx");
        try {
            Process p = new ProcessBuilder(install)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            System.out.println("stream: cannot run " + String.join(" ", install) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return KNOWN.stream().filter(Files::isExecutable).findFirst();
    }

    /** Starts {@code nginx} serving {@code root} on a free loopback port; its files live in {@code prefix}. */
    static StreamNginx start(Path nginx, Path root, Path prefix) throws IOException {
        Files.createDirectories(prefix.resolve("logs"));
        Files.createDirectories(prefix.resolve("temp"));
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        String conf = user + """
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/logs/error.log warn;
                events { worker_connections 4096; }
                http {
                    access_log off;
                    sendfile on;
                    tcp_nopush on;
                    tcp_nodelay on;
                    keepalive_timeout 600s;
                    keepalive_requests 1000000;
                    types { video/mp4 mp4; }
                    default_type application/octet-stream;
                    client_body_temp_path %1$s/temp/body;
                    proxy_temp_path %1$s/temp/proxy;
                    fastcgi_temp_path %1$s/temp/fastcgi;
                    uwsgi_temp_path %1$s/temp/uwsgi;
                    scgi_temp_path %1$s/temp/scgi;
                    server {
                        listen 127.0.0.1:%2$d;
                        root %3$s;
                        location / { }
                    }
                }
                """.formatted(prefix.toAbsolutePath(), port, root.toAbsolutePath());
        Path confFile = prefix.resolve("nginx.conf");
        Files.writeString(confFile, conf, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(
                        nginx.toString(),
                        "-p",
                        prefix.toAbsolutePath().toString(),
                        "-e",
                        prefix.resolve("logs/error.log").toAbsolutePath().toString(),
                        "-c",
                        confFile.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(prefix.resolve("logs/stdout.log").toFile())
                .start();
        StreamNginx started = new StreamNginx(p, port);
        started.awaitListening(prefix);
        return started;
    }

    int port() {
        return port;
    }

    private void awaitListening(Path prefix) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new GatewayException(
                        Reason.UNAVAILABLE,
                        "nginx exited with " + process.exitValue() + " at start; see " + prefix.resolve("logs"));
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
        close();
        throw new GatewayException(
                Reason.TIMEOUT,
                "nginx did not listen on 127.0.0.1:" + port + " within 10 s; see " + prefix.resolve("logs"));
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: nginx's fast shutdown
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
