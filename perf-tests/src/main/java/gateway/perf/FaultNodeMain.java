package gateway.perf;

import gateway.server.GatewayNode;
import gateway.server.config.GatewayConfig;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * One node of the fault bench's cluster, in its own JVM: {@code FaultNodeMain CONFIG.yaml} starts
 * a node from the file, prints {@code ready http=N grpc=N} and runs until it is killed (the bench
 * kills it with SIGKILL; nothing is closed cleanly on purpose).
 */
public final class FaultNodeMain {
    private FaultNodeMain() {}

    public static void main(String[] args) throws InterruptedException {
        GatewayNode node = GatewayNode.start(GatewayConfig.load(Path.of(args[0])), line -> {});
        System.out.println("ready http=" + node.httpPort() + " grpc=" + node.grpcPort());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
