package gateway.cli;

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

    // No method here may name a node type (StoreConfig): picocli reflects on a mixin's methods, and
    // a remote search runs on a class path without the node's modules.

    /** {@code --node-dir}, or null when not given (the node's files are in the store). */
    Path dir() {
        return nodeDir;
    }
}
