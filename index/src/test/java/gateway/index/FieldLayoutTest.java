package gateway.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gateway.model.asset.Manifest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

/**
 * The layout of every field a catalogue document has (index options, doc-values type, point
 * dimensions). Lucene refuses, in an existing index, a document whose field changes any of them, so
 * indexes written with {@link ProjectIndex#SCHEMA} "3" would reject every upsert after such a change
 * (seen: dropping the doc values of duration_frames made every upsert into the demo's index fail).
 * Leaving a field out or adding a new one is fine; changing one needs a new SCHEMA (an index of
 * another schema is rebuilt from the manifests).
 */
class FieldLayoutTest {
    /** Every field of schema 3 as the gateway wrote it: name, index options, doc-values type, point dimensions. */
    private static final List<String> SCHEMA_3 = List.of(
            "asset_id DOCS NONE points 0",
            "camera_words DOCS_AND_FREQS_AND_POSITIONS NONE points 0",
            "channels NONE NONE points 1",
            "clip_key DOCS NONE points 0",
            "codec_lc DOCS NONE points 0",
            "container_lc DOCS NONE points 0",
            "duration_frames NONE NUMERIC points 1",
            "facet_camera NONE SORTED_SET points 0",
            "facet_codec NONE SORTED_SET points 0",
            "facet_fps NONE SORTED_SET points 0",
            "facet_resolution NONE SORTED_SET points 0",
            "facet_tag NONE SORTED_SET points 0",
            "file_lc DOCS NONE points 0",
            "file_words DOCS_AND_FREQS_AND_POSITIONS NONE points 0",
            "fps DOCS NONE points 0",
            "fps_display DOCS NONE points 0",
            "height NONE NONE points 1",
            "ingested NONE NONE points 1",
            "make_lc DOCS NONE points 0",
            "manifest NONE NONE points 0",
            "meta DOCS NONE points 0",
            "model_lc DOCS NONE points 0",
            "name_lc DOCS NONE points 0",
            "name_words DOCS_AND_FREQS_AND_POSITIONS NONE points 0",
            "path_words DOCS_AND_FREQS_AND_POSITIONS NONE points 0",
            "project DOCS NONE points 0",
            "reel_lc DOCS NONE points 0",
            "resolution DOCS NONE points 0",
            "serial_lc DOCS NONE points 0",
            "sort_key NONE SORTED points 0",
            "status DOCS NONE points 0",
            "suggest DOCS NONE points 0",
            "tag DOCS NONE points 0",
            "tc_end_exclusive NONE NONE points 1",
            "tc_mode DOCS NONE points 0",
            "tc_start NONE NONE points 1",
            "text DOCS_AND_FREQS_AND_POSITIONS NONE points 0",
            "usage_stamp NONE NUMERIC points 0",
            "used_in NONE NONE points 0",
            "used_lc DOCS NONE points 0",
            "used_words DOCS_AND_FREQS_AND_POSITIONS NONE points 0",
            "version NONE NUMERIC points 0",
            "width NONE NONE points 1");

    @Test
    void theFieldLayoutIsTheOneOfTheSchemaVersion() throws IOException {
        assertEquals("3", ProjectIndex.SCHEMA, "a new schema: write its field layout here");
        List<String> layout = new ArrayList<>();
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory();
                IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig(new StandardAnalyzer()))) {
            for (Manifest m : TestAssets.feature()) {
                writer.addDocument(AssetDocument.of(m, List.of("Reel 1 cut", "Trailer v3")));
            }
            try (DirectoryReader reader = DirectoryReader.open(writer)) {
                for (FieldInfo f : FieldInfos.getMergedFieldInfos(reader)) {
                    layout.add(f.getName() + " " + f.getIndexOptions() + " " + f.getDocValuesType() + " points "
                            + f.getPointDimensionCount());
                }
            }
        }
        layout.sort(null);
        Map<String, String> was = new HashMap<>();
        SCHEMA_3.forEach(l -> was.put(l.substring(0, l.indexOf(' ')), l));
        List<String> changed = layout.stream()
                .filter(l -> was.containsKey(l.substring(0, l.indexOf(' '))))
                .filter(l -> !was.get(l.substring(0, l.indexOf(' '))).equals(l))
                .toList();
        assertEquals(List.of(), changed, "fields whose layout differs from schema 3:\n" + String.join("\n", layout));
    }
}
