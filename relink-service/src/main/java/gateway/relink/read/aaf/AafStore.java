package gateway.relink.read.aaf;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import org.apache.poi.poifs.filesystem.DirectoryEntry;
import org.apache.poi.poifs.filesystem.DocumentEntry;
import org.apache.poi.poifs.filesystem.DocumentInputStream;
import org.apache.poi.poifs.filesystem.Entry;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;

/**
 * An AAF file's structured storage (a Microsoft compound file, read through POIFS): each AAF object is
 * a storage whose class id names its class and whose {@code properties} stream holds its properties;
 * strong references are child storages, collections are child storages named {@code name{key}} listed
 * by an {@code name index} stream. Owns the limits that keep a hostile file cheap: how many objects may
 * be opened and how large one object's stream may be. Every failure names the file and the object.
 */
final class AafStore implements AutoCloseable {
    /** The compound file signature (D0 CF 11 E0 A1 B1 1A E1). */
    private static final byte[] SIGNATURE = {
        (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1
    };
    /** More objects than any real edit has (a feature film's AAF has tens of thousands). */
    static final int MAX_OBJECTS = 500_000;
    /** A properties stream or index larger than this is not a property list. */
    static final int MAX_STREAM_BYTES = 16 << 20;

    private final String source;
    private final POIFSFileSystem fs;
    private int objects;

    private AafStore(String source, POIFSFileSystem fs) {
        this.source = source;
        this.fs = fs;
    }

    /** True when {@code head} starts like a compound file (AAF, but also old Office documents). */
    static boolean looksLikeCompoundFile(byte[] head) {
        if (head.length < SIGNATURE.length) {
            return false;
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (head[i] != SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }

    static AafStore open(byte[] content, String source) {
        if (!looksLikeCompoundFile(content)) {
            throw new GatewayException(
                    Reason.PARSE_ERROR, source + ": not an AAF file (no structured-storage signature at byte 0)");
        }
        try {
            return new AafStore(source, new POIFSFileSystem(new ByteArrayInputStream(content)));
        } catch (IOException | RuntimeException e) {
            throw new GatewayException(
                    Reason.PARSE_ERROR,
                    source + ": the AAF container (structured storage) cannot be read: " + e.getMessage(),
                    e);
        }
    }

    /** The root object (its properties hold the MetaDictionary and the Header). */
    AafObject root() {
        return object(fs.getRoot(), "/");
    }

    AafObject object(DirectoryEntry dir, String path) {
        if (++objects > MAX_OBJECTS) {
            throw failure(path, "more than " + MAX_OBJECTS + " objects (a reference cycle or not an edit)");
        }
        return new AafObject(this, dir, path);
    }

    DirectoryEntry storage(DirectoryEntry parent, String name, String path) {
        try {
            Entry e = parent.getEntry(name);
            if (e instanceof DirectoryEntry d) {
                return d;
            }
            throw failure(path, "'" + name + "' is a stream where an object was expected");
        } catch (FileNotFoundException e) {
            throw failure(path, "the object '" + name + "' it refers to is missing (truncated or damaged file)");
        }
    }

    /** The bytes of stream {@code name} of {@code dir}, or null when it has none. */
    byte[] stream(DirectoryEntry dir, String name, String path) {
        if (!dir.hasEntry(name)) {
            return null;
        }
        try {
            Entry e = dir.getEntry(name);
            if (!(e instanceof DocumentEntry doc)) {
                throw failure(path, "'" + name + "' is a storage where a stream was expected");
            }
            if (doc.getSize() > MAX_STREAM_BYTES) {
                throw failure(
                        path,
                        "stream '" + name + "' is " + doc.getSize() + " bytes (more than " + MAX_STREAM_BYTES + ")");
            }
            try (DocumentInputStream in = new DocumentInputStream(doc)) {
                return in.readAllBytes();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof GatewayException g) {
                throw g;
            }
            throw failure(path, "stream '" + name + "' cannot be read: " + e.getMessage());
        }
    }

    GatewayException failure(String path, String what) {
        return new GatewayException(Reason.PARSE_ERROR, source + ": AAF object " + path + ": " + what);
    }

    @Override
    public void close() {
        try {
            fs.close();
        } catch (IOException e) {
            // in memory: nothing to release
        }
    }
}
