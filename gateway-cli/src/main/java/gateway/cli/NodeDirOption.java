package gateway.cli;

import gateway.server.config.StoreConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --node-dir DIR}: where a cluster node keeps its own files ({@code store.node-dir}: its
 * Lucene indexes and its audit log) when they are not in the shared store. Commands that open a
 * store in-process take it so that they read and write the same index and audit log as the node.
 */
final class NodeDirOption {
    @Option(
            names = "--node-dir",
            paramLabel = "DIR",
            description =
                    "the node's own files (its indexes and audit log) when store.node-dir is set (default: the store)")
    Path nodeDir;

    /** The store in {@code store}, with this node's own files where {@code --node-dir} says. */
    StoreConfig of(Path store) {
        return new StoreConfig(store, nodeDir);
    }
}
