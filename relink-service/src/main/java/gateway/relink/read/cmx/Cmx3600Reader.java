package gateway.relink.read.cmx;

import gateway.relink.read.Edit;
import gateway.relink.read.EditFormat;
import gateway.relink.read.EditReader;
import gateway.relink.read.EditText;
import gateway.relink.read.ReadOptions;

/**
 * Reads CMX 3600 edit decision lists: {@code TITLE}, {@code FCM} (which may change mid-list),
 * cuts, dissolves and wipes (two-line events), {@code M2} speed changes, audio channels ({@code A},
 * {@code AA}, {@code B}, {@code AUD 3 4} ...), record gaps, {@code * FROM CLIP NAME}, {@code * LOC}
 * markers, {@code * ASC_SOP}/{@code ASC_SAT}. The list is read at the rate in the options (a CMX
 * list does not carry its rate). Bytes are UTF-8 when valid, else ISO-8859-1.
 */
public final class Cmx3600Reader implements EditReader {

    @Override
    public EditFormat format() {
        return EditFormat.CMX_3600;
    }

    @Override
    public Edit read(byte[] content, String sourceName, ReadOptions options) {
        Findings findings = new Findings(sourceName, options.strict());
        CmxListParser parser = new CmxListParser(findings);
        parser.parse(EditText.decode(content));
        return new CmxTimelineBuilder(options.rate(), findings).build(parser);
    }
}
