package gateway.proxy.probe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the probe reads of a RIFF / RF64 WAVE file: the format chunk, the length of the sample
 * data, and from a Broadcast WAV the bext TimeReference (samples since midnight), the originator
 * and the iXML timecode rate, flag and tape (reel) name.
 */
record WaveFile(
        int formatTag,
        int channels,
        long sampleRate,
        int bitsPerSample,
        int blockAlign,
        long dataBytes,
        Long timeReference,
        String originator,
        String ixmlTimecodeRate,
        String ixmlTimecodeFlag,
        String ixmlTape) {

    private static final int MAX_TEXT_CHUNK_BYTES = 4 << 20;
    private static final int PCM = 1;
    private static final int EXTENSIBLE = 0xFFFE;

    static boolean sniff(ByteBuffer head) {
        if (head.remaining() < 12) {
            return false;
        }
        String riff = Box.fourcc(head.order(ByteOrder.BIG_ENDIAN).getInt(head.position()));
        String wave = Box.fourcc(head.getInt(head.position() + 8));
        return (riff.equals("RIFF") || riff.equals("RF64") || riff.equals("BW64")) && wave.equals("WAVE");
    }

    long samples() {
        return blockAlign == 0 ? 0 : dataBytes / blockAlign;
    }

    String codec() {
        return formatTag == PCM || formatTag == EXTENSIBLE ? "pcm" : formatTag == 3 ? "pcm-float" : "wav-" + formatTag;
    }

    static WaveFile read(String where, FileChannel channel) throws IOException {
        long fileSize = channel.size();
        ByteBuffer head = readAt(channel, 0, 12, where);
        boolean rf64 = !Box.fourcc(head.order(ByteOrder.BIG_ENDIAN).getInt(0)).equals("RIFF");
        long offset = 12;
        Long ds64Data = null;
        ByteBuffer fmt = null;
        long dataBytes = -1;
        Long timeReference = null;
        String originator = null;
        String ixml = null;
        while (offset + 8 <= fileSize) {
            ByteBuffer h = readAt(channel, offset, 8, where).order(ByteOrder.LITTLE_ENDIAN);
            String id = Box.fourcc(Integer.reverseBytes(h.getInt(0)));
            long size = Integer.toUnsignedLong(h.getInt(4));
            long body = offset + 8;
            if (id.equals("data") && rf64 && size == 0xFFFFFFFFL && ds64Data != null) {
                size = ds64Data;
            }
            if (id.equals("data")) {
                if (size < 0 || size > fileSize - body) {
                    throw Box.corrupt(
                            where,
                            "truncated: the data chunk needs " + size + " bytes but the file holds "
                                    + (fileSize - body));
                }
                dataBytes = size;
            } else if (body + size > fileSize) {
                throw Box.corrupt(where, "truncated: chunk '" + id + "' at byte " + offset + " runs past the end");
            } else if (id.equals("fmt ")) {
                fmt = readAt(channel, body, (int) Math.min(size, 64), where);
            } else if (id.equals("ds64") && size >= 24) {
                ds64Data = readAt(channel, body, 24, where)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .getLong(8);
                if (ds64Data < 0) {
                    throw Box.corrupt(where, "the ds64 chunk gives the data chunk an impossible size " + ds64Data);
                }
            } else if (id.equals("bext") && size >= 346) {
                ByteBuffer b = readAt(channel, body, 346, where).order(ByteOrder.LITTLE_ENDIAN);
                originator = text(b, 256, 32);
                timeReference = b.getLong(338);
            } else if (id.equals("iXML") && size <= MAX_TEXT_CHUNK_BYTES) {
                ByteBuffer x = readAt(channel, body, (int) size, where);
                ixml = StandardCharsets.UTF_8.decode(x).toString();
            }
            offset = body + size + (size & 1);
        }
        if (fmt == null || fmt.limit() < 16) {
            throw Box.corrupt(where, "WAVE file without a format chunk");
        }
        if (dataBytes < 0) {
            throw Box.corrupt(where, "WAVE file without a data chunk");
        }
        fmt.order(ByteOrder.LITTLE_ENDIAN);
        int tag = fmt.getShort(0) & 0xFFFF;
        int channels = fmt.getShort(2) & 0xFFFF;
        long rate = Integer.toUnsignedLong(fmt.getInt(4));
        int align = fmt.getShort(12) & 0xFFFF;
        int bits = fmt.getShort(14) & 0xFFFF;
        if (channels == 0 || rate == 0 || align == 0) {
            throw Box.corrupt(
                    where,
                    "WAVE format chunk is impossible: " + channels + " channels at " + rate + " Hz, block " + align);
        }
        return new WaveFile(
                tag,
                channels,
                rate,
                bits,
                align,
                dataBytes,
                timeReference,
                originator,
                ixml(ixml, "TIMECODE_RATE").orElse(null),
                ixml(ixml, "TIMECODE_FLAG").orElse(null),
                ixml(ixml, "TAPE").orElse(null));
    }

    private static Optional<String> ixml(String xml, String element) {
        if (xml == null) {
            return Optional.empty();
        }
        Matcher m = Pattern.compile("<" + element + ">\\s*([^<]*?)\\s*</" + element + ">")
                .matcher(xml);
        return m.find() && !m.group(1).isEmpty() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static String text(ByteBuffer b, int offset, int length) {
        byte[] bytes = new byte[length];
        b.get(offset, bytes);
        int end = 0;
        while (end < length && bytes[end] != 0) {
            end++;
        }
        String s = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).trim();
        return s.isEmpty() ? null : s;
    }

    private static ByteBuffer readAt(FileChannel channel, long offset, int count, String where) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(count);
        long pos = offset;
        while (b.hasRemaining()) {
            int n = channel.read(b, pos);
            if (n < 0) {
                throw Box.corrupt(where, "truncated at byte " + pos);
            }
            pos += n;
        }
        return b.flip();
    }
}
