package gateway.relink.read;

import gateway.model.error.GatewayException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads one edit format into the timeline model. Readers know formats, never the catalogue. */
public interface EditReader {

    EditFormat format();

    /**
     * Reads {@code content}; {@code sourceName} names it in messages. Fails with PARSE_ERROR (and
     * the line) on what cannot be read, or in strict mode on any inconsistency.
     */
    Edit read(byte[] content, String sourceName, ReadOptions options);

    default Edit read(Path file, ReadOptions options) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw GatewayException.notFound("edit " + file + ": no such file");
        } catch (IOException e) {
            throw GatewayException.io("cannot read edit " + file + ": " + e.getMessage(), e);
        }
        return read(bytes, file.toString(), options);
    }
}
