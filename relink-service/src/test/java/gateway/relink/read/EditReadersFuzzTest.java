package gateway.relink.read;

import com.code_intelligence.jazzer.junit.FuzzTest;
import gateway.relink.read.aaf.AafReader;
import gateway.relink.read.ale.AleReader;
import gateway.relink.read.cmx.Cmx3600Reader;
import gateway.relink.read.fcp7.Fcp7XmlReader;
import gateway.relink.read.fcpxml.FcpXmlReader;
import gateway.relink.read.otio.OtioJsonReader;
import gateway.relink.read.xml.SafeXml;
import gateway.testing.FuzzContract;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets for the edit readers, which read files from anywhere: CMX 3600, FCP 7 XML, FCPXML,
 * OTIO JSON, ALE, AAF (a compound file read through POIFS), and the SafeXml parser under both XML
 * readers. Each input is read leniently and
 * strictly; either it reads or it fails as the input's fault ({@link FuzzContract}: PARSE_ERROR,
 * UNSUPPORTED...), within 10 s. Seeds (hand-written edits, one per feature the reader handles)
 * replay from {@code EditReadersFuzzTestInputs/<target>/} in every test run; {@code ./gateway bench
 * --fuzz} fuzzes them.
 */
class EditReadersFuzzTest {

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void cmx(byte[] data) throws Exception {
        both(new Cmx3600Reader(), data);
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void fcp7Xml(byte[] data) throws Exception {
        both(new Fcp7XmlReader(), data);
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void fcpXml(byte[] data) throws Exception {
        both(new FcpXmlReader(), data);
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void otioJson(byte[] data) throws Exception {
        both(new OtioJsonReader(), data);
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void ale(byte[] data) throws Exception {
        both(new AleReader(), data);
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aaf(byte[] data) throws Exception {
        both(new AafReader(), data);
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void safeXml(byte[] data) throws Exception {
        FuzzContract.holds(() -> SafeXml.parse(data, "fuzz.xml"));
    }

    private static void both(EditReader reader, byte[] data) throws Exception {
        FuzzContract.holds(() -> reader.read(data, "fuzz-edit", ReadOptions.defaults()));
        FuzzContract.holds(
                () -> reader.read(data, "fuzz-edit", ReadOptions.defaults().strictly()));
    }
}
