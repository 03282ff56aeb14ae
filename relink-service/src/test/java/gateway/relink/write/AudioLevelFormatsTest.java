package gateway.relink.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.time.Fraction;
import gateway.model.timeline.AudioLevel;
import gateway.model.timeline.Clip;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.TrackKind;
import gateway.model.timeline.UnknownEffect;
import gateway.relink.TrackText;
import gateway.relink.read.ReadOptions;
import gateway.relink.read.fcp7.Fcp7XmlReader;
import gateway.relink.read.fcpxml.FcpXmlReader;
import gateway.relink.read.otio.OtioJsonReader;
import gateway.relink.write.fcp7.Fcp7XmlWriter;
import gateway.relink.write.fcpxml.FcpXmlWriter;
import gateway.relink.write.otio.OtioJsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sound levels read from FCP 7 XML (Audio Levels: a gain factor, keyframes counted like {@code in})
 * and FCPXML ({@code adjust-volume}: dB, keyframes in the clip's local time), written back by the
 * FCP 7, FCPXML and OTIO writers and read again to the same levels; pan and EQ kept by name.
 */
class AudioLevelFormatsTest {
    /**
     * Two sound clips at 25 fps: "minus6" at 0.501187 (-6 dB), "ramp" from in 100 keyframed from
     * silence at when 110 to unity at when 135 (record offsets 10 and 35), with a pan filter.
     */
    private static final String FCP7 = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE xmeml>
            <xmeml version="4">
              <sequence id="sequence-1">
                <name>levels</name>
                <rate><timebase>25</timebase><ntsc>FALSE</ntsc></rate>
                <media><audio><track>
                  <clipitem id="a"><name>minus6</name><start>0</start><end>50</end><in>0</in><out>50</out>
                    <file id="file-1"><name>A001.mov</name><pathurl>file:///media/A001.mov</pathurl>
                      <rate><timebase>25</timebase><ntsc>FALSE</ntsc></rate><duration>2500</duration>
                      <timecode><string>01:00:00:00</string><frame>90000</frame><displayformat>NDF</displayformat>
                        <reel><name>A001</name></reel></timecode></file>
                    <filter><effect><name>Audio Levels</name><effectid>audiolevels</effectid>
                      <effectcategory>audiolevels</effectcategory><effecttype>audiolevels</effecttype><mediatype>audio</mediatype>
                      <parameter><parameterid>level</parameterid><name>Level</name><valuemin>0</valuemin>
                        <valuemax>3.98109</valuemax><value>0.501187</value></parameter></effect></filter>
                  </clipitem>
                  <clipitem id="b"><name>ramp</name><start>50</start><end>100</end><in>100</in><out>150</out>
                    <file id="file-1"/>
                    <filter><effect><name>Audio Levels</name><effectid>audiolevels</effectid>
                      <parameter><parameterid>level</parameterid><value>1</value>
                        <keyframe><when>110</when><value>0</value></keyframe>
                        <keyframe><when>135</when><value>1</value></keyframe></parameter></effect></filter>
                    <filter><effect><name>Audio Pan</name><effectid>audiopan</effectid>
                      <parameter><parameterid>pan</parameterid><value>-1</value></parameter></effect></filter>
                  </clipitem>
                </track></audio></media>
              </sequence>
            </xmeml>
            """;

    /** The same two levels in FCPXML: local time starts at the asset's 3600s. */
    private static final String FCPXML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE fcpxml>
            <fcpxml version="1.11">
              <resources>
                <format id="r1" name="FFVideoFormat1080p25" frameDuration="100/2500s" width="1920" height="1080"/>
                <asset id="r2" name="A001" start="3600s" duration="100s" hasVideo="1" hasAudio="1" format="r1"
                    audioSources="1" audioChannels="2" audioRate="48000">
                  <media-rep kind="original-media" src="file:///media/A001.mov"/>
                </asset>
              </resources>
              <project name="Levels">
                <sequence format="r1" tcStart="3600s" tcFormat="NDF">
                  <spine>
                    <asset-clip ref="r2" name="minus6" offset="3600s" start="3600s" duration="2s">
                      <adjust-volume amount="-6dB"/>
                    </asset-clip>
                    <asset-clip ref="r2" name="ramp" offset="3602s" start="3604s" duration="2s">
                      <adjust-volume amount="0dB">
                        <param name="amount">
                          <keyframeAnimation>
                            <keyframe time="90110/25s" value="-96dB"/>
                            <keyframe time="90135/25s" value="0dB"/>
                          </keyframeAnimation>
                        </param>
                      </adjust-volume>
                      <adjust-panner mode="1" amount="-100"/>
                    </asset-clip>
                  </spine>
                </sequence>
              </project>
            </fcpxml>
            """;

    private static List<Clip> sound(Timeline t) {
        return TrackText.track(t, TrackKind.AUDIO, 0).clips().toList();
    }

    private static void assertLevels(Timeline t, double silence) {
        List<Clip> clips = sound(t);
        assertEquals(2, clips.size(), t.toString());
        AudioLevel minus6 = clips.get(0).audioLevel().orElseThrow(() -> new AssertionError("no level on minus6"));
        assertTrue(minus6.keyframes().isEmpty());
        assertEquals(-6, minus6.gainDb(), 1e-4);
        AudioLevel ramp = clips.get(1).audioLevel().orElseThrow(() -> new AssertionError("no level on ramp"));
        assertEquals(2, ramp.keyframes().size(), ramp.toString());
        assertEquals(Fraction.of(10), ramp.keyframes().get(0).record());
        assertEquals(silence, ramp.keyframes().get(0).db(), 1e-9);
        assertEquals(Fraction.of(35), ramp.keyframes().get(1).record());
        assertEquals(0, ramp.keyframes().get(1).db(), 1e-9);
        assertTrue(
                clips.get(1).effects().stream()
                        .anyMatch(e -> e instanceof UnknownEffect u
                                && u.name().toLowerCase().contains("pan")),
                "the pan is kept by name: " + clips.get(1).effects());
    }

    private static Timeline fcp7(String xml) {
        return new Fcp7XmlReader()
                .read(xml.getBytes(StandardCharsets.UTF_8), "levels.xml", ReadOptions.defaults())
                .timeline();
    }

    private static Timeline fcpxml(String xml) {
        return new FcpXmlReader()
                .read(xml.getBytes(StandardCharsets.UTF_8), "levels.fcpxml", ReadOptions.defaults())
                .timeline();
    }

    @Test
    void fcp7AudioLevelsReadAsDbWithKeyframesOnTheClip() {
        assertLevels(fcp7(FCP7), Double.NEGATIVE_INFINITY);
    }

    @Test
    void fcp7WritesLevelsBackAsAudioLevels() {
        String xml = new Fcp7XmlWriter().write(fcp7(FCP7));
        assertTrue(xml.contains("<effectid>audiolevels</effectid>"), xml);
        Timeline back = fcp7(xml);
        assertEquals(
                sound(fcp7(FCP7)).get(0).audioLevel().orElseThrow().gainDb(),
                sound(back).get(0).audioLevel().orElseThrow().gainDb(),
                1e-9);
        AudioLevel ramp = sound(back).get(1).audioLevel().orElseThrow();
        assertEquals(Fraction.of(10), ramp.keyframes().get(0).record());
        assertEquals(Double.NEGATIVE_INFINITY, ramp.keyframes().get(0).db());
        assertEquals(Fraction.of(35), ramp.keyframes().get(1).record());
    }

    @Test
    void fcpxmlAdjustVolumeReadsAsDbWithKeyframesOnTheClip() {
        assertLevels(fcpxml(FCPXML), -96);
    }

    @Test
    void fcpxmlPerChannelAdjustmentsAreNamedNotPlayed() {
        String doc = FCPXML.replace(
                "<adjust-volume amount=\"-6dB\"/>",
                "<adjust-volume amount=\"-6dB\"/><audio-channel-source srcCh=\"1, 2\"><adjust-volume amount=\"-3dB\"/>"
                        + "</audio-channel-source>");
        Clip clip = sound(fcpxml(doc)).get(0);
        assertEquals(-6, clip.audioLevel().orElseThrow().gainDb(), 1e-9);
        assertTrue(
                clip.effects().stream()
                        .anyMatch(e -> e instanceof UnknownEffect u
                                && u.name().equals("adjust-volume (audio-channel-source 1, 2)")),
                clip.effects().toString());
    }

    @Test
    void fcpxmlWritesAdjustVolumeBack() {
        String xml = new FcpXmlWriter().write(fcpxml(FCPXML));
        assertTrue(xml.contains("<adjust-volume amount=\"-6dB\""), xml);
        Timeline back = fcpxml(xml);
        List<Clip> clips = sound(back);
        assertEquals(-6, clips.get(0).audioLevel().orElseThrow().gainDb(), 1e-9);
        AudioLevel ramp = clips.get(1).audioLevel().orElseThrow();
        assertEquals(
                List.of(Fraction.of(10), Fraction.of(35)),
                ramp.keyframes().stream().map(AudioLevel.Keyframe::record).toList());
        assertEquals(-96, ramp.keyframes().get(0).db(), 1e-9);
    }

    @Test
    void aLevelThatIsNotOneIsKeptByNameWithAProblemNotThrown() {
        String xml = FCP7.replace("<value>0.501187</value>", "<value>1e999999</value>");
        var edit = new Fcp7XmlReader().read(xml.getBytes(StandardCharsets.UTF_8), "bad.xml", ReadOptions.defaults());
        Clip bad = sound(edit.timeline()).get(0);
        assertTrue(bad.audioLevels().isEmpty(), bad.effects().toString());
        assertTrue(bad.effects().stream()
                .anyMatch(e -> e instanceof UnknownEffect u && u.name().equals("Audio Levels")));
        assertTrue(
                edit.problems().stream().anyMatch(p -> p.toString().contains("is not a gain")),
                edit.problems().toString());

        String fcpxml = FCPXML.replace("amount=\"-6dB\"", "amount=\"" + "9".repeat(400) + "dB\"");
        Clip loud = sound(fcpxml(fcpxml)).get(0);
        assertTrue(loud.audioLevels().isEmpty(), loud.effects().toString());
    }

    @Test
    void otioKeepsLevelsExactly() {
        Timeline before = fcp7(FCP7);
        String json = new OtioJsonWriter().write(before);
        Timeline back = new OtioJsonReader()
                .read(json.getBytes(StandardCharsets.UTF_8), "levels.otio", ReadOptions.defaults())
                .timeline();
        for (int i = 0; i < 2; i++) {
            assertEquals(sound(before).get(i).audioLevels(), sound(back).get(i).audioLevels(), "clip " + i);
        }
        assertInstanceOf(AudioLevel.class, sound(back).get(0).effects().get(0));
    }
}
