package gateway.relink.read.fcp7;

import gateway.model.timeline.*;
import gateway.relink.Corpora;
import gateway.relink.read.Edit;
import gateway.relink.read.ReadOptions;
import java.nio.file.*;
import java.util.stream.*;
import org.junit.jupiter.api.Test;

class Fcp7DumpTest {
    @Test
    void dump() throws Exception {
        try (Stream<Path> s = Files.list(Corpora.root().resolve("fcp7xml"))) {
            for (Path p : s.sorted().toList()) {
                System.out.println("=== " + p.getFileName());
                try {
                    Edit e = new Fcp7XmlReader().read(p, ReadOptions.defaults());
                    Timeline t = e.timeline();
                    System.out.println("timeline " + t.name() + " start " + t.globalStart() + " tracks "
                            + t.tracks().tracks().size() + " md " + t.metadata());
                    for (Track tr : t.tracks().tracks()) {
                        System.out.println(" " + tr.kind() + " '" + tr.name() + "' enabled=" + tr.enabled() + " items="
                                + tr.items().size());
                        if (p.getFileName().toString().startsWith("empty")) continue;
                        for (Item i : tr.items()) {
                            switch (i) {
                                case Clip c ->
                                    System.out.println("   clip '" + c.name() + "' src " + c.sourceRange() + " en="
                                            + c.enabled() + " ref " + c.activeReference() + " fx " + c.effects()
                                            + " mk " + c.markers());
                                case Gap g -> System.out.println("   gap " + g.duration());
                                case Transition x ->
                                    System.out.println("   trans " + x.name() + " " + x.kind() + " "
                                            + x.inOffsetFrames() + "/" + x.outOffsetFrames());
                            }
                        }
                    }
                    e.problems().forEach(pr -> System.out.println(" PROBLEM " + pr));
                    e.invalidEvents().forEach(pr -> System.out.println(" INVALID " + pr));
                } catch (Exception ex) {
                    System.out.println("FAILED " + ex);
                }
            }
        }
    }
}
