package gateway.relink.read.cmx;

import java.util.Locale;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The channel field of an event: {@code V}, {@code A}, {@code A2}, {@code AA}, {@code B} (video and
 * audio 1), {@code AA/V}, {@code A4} ... {@code A12}, {@code NONE}. Audio channels count from 1.
 */
record Channels(String text, boolean video, SortedSet<Integer> audio) {

    static Optional<Channels> parse(String field) {
        String f = field.toUpperCase(Locale.ROOT);
        boolean video = false;
        SortedSet<Integer> audio = new TreeSet<>();
        if (f.equals("NONE")) {
            return Optional.of(new Channels(field, false, audio));
        }
        for (String part : f.split("/", -1)) {
            switch (part) {
                case "V" -> video = true;
                case "B" -> {
                    video = true;
                    audio.add(1);
                }
                case "A" -> audio.add(1);
                case "AA" -> {
                    audio.add(1);
                    audio.add(2);
                }
                default -> {
                    if (part.matches("A[1-9][0-9]?")) {
                        audio.add(Integer.parseInt(part.substring(1)));
                    } else {
                        return Optional.empty();
                    }
                }
            }
        }
        return Optional.of(new Channels(field, video, audio));
    }

    Channels plusAudio(int channel) {
        SortedSet<Integer> more = new TreeSet<>(audio);
        more.add(channel);
        return new Channels(text, video, more);
    }
}
