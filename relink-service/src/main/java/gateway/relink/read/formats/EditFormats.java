package gateway.relink.read.formats;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.relink.read.EditFormat;
import gateway.relink.read.EditReader;
import gateway.relink.read.EditText;
import gateway.relink.read.aaf.AafReader;
import gateway.relink.read.ale.AleReader;
import gateway.relink.read.cmx.Cmx3600Reader;
import gateway.relink.read.fcp7.Fcp7XmlReader;
import gateway.relink.read.fcpxml.FcpXmlReader;
import gateway.relink.read.otio.OtioJsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/** Tells an edit's format by its content (never by its file name) and hands out the reader for it. */
public final class EditFormats {
    private static final Pattern CMX_EVENT =
            Pattern.compile("(?m)^\\s*\\d{1,6}\\s+\\S+\\s+\\S+\\s+(C|D|W\\d+|K[BO]?)\\b.*");

    private EditFormats() {}

    /** The format of the first 64 KiB of {@code file}. */
    public static EditFormat detect(Path file) {
        if (Files.isDirectory(file) && Files.isRegularFile(file.resolve(FcpXmlReader.BUNDLE_DOCUMENT))) {
            return EditFormat.FCPXML; // a .fcpxmld bundle
        }
        try (InputStream in = Files.newInputStream(file)) {
            return detect(in.readNBytes(64 * 1024), file.toString());
        } catch (java.nio.file.NoSuchFileException e) {
            throw GatewayException.notFound("edit " + file + ": no such file");
        } catch (IOException e) {
            throw GatewayException.io("cannot read edit " + file + ": " + e.getMessage(), e);
        }
    }

    public static EditFormat detect(byte[] content) {
        return detect(content, "edit");
    }

    private static EditFormat detect(byte[] content, String name) {
        if (AafReader.recognises(content)) {
            return EditFormat.AAF; // a compound file; the reader says so when it is not AAF inside
        }
        String text =
                EditText.decode(content.length > 64 * 1024 ? java.util.Arrays.copyOf(content, 64 * 1024) : content);
        String head = text.stripLeading();
        if (head.startsWith("{") && head.contains("\"OTIO_SCHEMA\"")) {
            return EditFormat.OTIO_JSON;
        }
        if (head.startsWith("<")) {
            String lower = head.toLowerCase(Locale.ROOT);
            if (lower.contains("<fcpxml")) {
                return EditFormat.FCPXML;
            }
            if (lower.contains("<xmeml")) {
                return EditFormat.FCP7_XML;
            }
        }
        if (AleReader.recognises(head)) {
            return EditFormat.ALE;
        }
        if (head.toUpperCase(Locale.ROOT).startsWith("TITLE:")
                || CMX_EVENT.matcher(text).find()) {
            return EditFormat.CMX_3600;
        }
        throw new GatewayException(
                Reason.UNSUPPORTED,
                name + " is not an edit we recognise (CMX 3600 EDL, OTIO JSON," + " FCP 7 XML, FCPXML, ALE or AAF)");
    }

    /** The reader for {@code format}. */
    public static EditReader reader(EditFormat format) {
        return switch (format) {
            case CMX_3600 -> new Cmx3600Reader();
            case OTIO_JSON -> new OtioJsonReader();
            case FCP7_XML -> new Fcp7XmlReader();
            case FCPXML -> new FcpXmlReader();
            case ALE -> new AleReader();
            case AAF -> new AafReader();
        };
    }
}
