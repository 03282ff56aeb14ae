/**
 * The asset catalogue: one Lucene index per project, near-real-time search with a small query
 * language, facets, timecode-coverage queries, the linker's lookups and rebuild from manifests.
 * Only {@code gateway.index} is public; Lucene types never cross it.
 */
module gateway.index {
    requires transitive gateway.model;
    requires org.apache.lucene.core;
    requires org.apache.lucene.analysis.common;

    exports gateway.index;
}
