package gateway.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

class FacetOrdinalsTest {

    @Test
    void countsWhatTheDocValuesSayForEveryDocumentOfEverySegment() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory();
                IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig().setMaxBufferedDocs(37))) {
            for (int i = 0; i < 500; i++) {
                Document d = new Document();
                for (int v = random.nextInt(4); v > 0; v--) { // none, one or several values
                    d.add(new SortedSetDocValuesField("tag", new BytesRef("t" + random.nextInt(12))));
                }
                writer.addDocument(d);
            }
            try (DirectoryReader reader = DirectoryReader.open(writer)) {
                assertTrue(reader.leaves().size() > 1, "several segments");
                for (LeafReaderContext leaf : reader.leaves()) {
                    FacetOrdinals ordinals = FacetOrdinals.of(leaf.reader(), "tag");
                    assertSame(ordinals, FacetOrdinals.of(leaf.reader(), "tag"), "read once per segment");
                    SortedSetDocValues values = leaf.reader().getSortedSetDocValues("tag");
                    for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
                        long[] expected = new long[(int) values.getValueCount()];
                        if (values.advanceExact(doc)) {
                            for (int k = 0; k < values.docValueCount(); k++) {
                                expected[(int) values.nextOrd()]++;
                            }
                        }
                        long[] counted = new long[expected.length];
                        ordinals.count(doc, counted);
                        assertArrayEquals(expected, counted, "doc " + doc);
                    }
                }
            }
        }
    }
}
