package gateway.ingest.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gateway.ingest.fixtures.TestManifests;
import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.ProjectId;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Which originals of a project a conform could not tell apart, and the warning each of two carries. */
class ProjectConflictsTest {
    private static final ProjectId P = new ProjectId("p");

    private static Manifest clip(String name, String reel, String start, String clipName) {
        Manifest m = TestManifests.prores(AssetId.random(), P, name, 0);
        MediaInfo i = m.media();
        return m.withMedia(new MediaInfo(
                i.path(),
                i.container(),
                i.frameRate(),
                i.durationFrames(),
                Timecode.parse(start, FrameRate.FPS_25),
                reel,
                clipName,
                i.video(),
                i.audio(),
                false,
                i.camera(),
                List.of()));
    }

    @Test
    void theSameClipNameOnTwoCardsWarnsOnBothNamingTheOther() {
        Manifest a = clip("cardA/A001C001.mov", "A001", "01:00:00:00", null);
        Manifest b = clip("cardB/A001C001.MOV", "B001", "01:00:00:00", null);

        List<ProjectConflicts.Conflict> found = ProjectConflicts.find(b, Stream.of(a, b));

        assertEquals(1, found.size(), found.toString());
        assertEquals(
                "same clip name 'A001C001' as cardA/A001C001.mov (asset "
                        + a.assetId().value() + "): a conform by clip name cannot tell them apart",
                found.get(0).warningHere());
        assertEquals(
                "same clip name 'A001C001' as cardB/A001C001.MOV (asset "
                        + b.assetId().value() + "): a conform by clip name cannot tell them apart",
                found.get(0).warningThere());
        Manifest warned = ProjectConflicts.withConflicts(b, found);
        assertEquals(List.of(found.get(0).warningHere()), warned.media().warnings());
        assertEquals(List.of(a.assetId()), ProjectConflicts.conflicting(warned));
    }

    @Test
    void theMxfClipNameCountsBeforeTheFileName() {
        Manifest a = clip("A.mxf", "R1", "01:00:00:00", "Interview");
        Manifest b = clip("B.mxf", "R2", "01:00:00:00", "Interview");
        assertEquals(1, ProjectConflicts.find(a, Stream.of(b)).size());
        assertEquals(
                0,
                ProjectConflicts.find(a, Stream.of(clip("C.mxf", "R2", "01:00:00:00", "Other")))
                        .size());
    }

    @Test
    void sameReelWithOverlappingTimecodeNamesTheFramesBothCover() {
        Manifest a = clip("R001_A.mov", "R001", "01:00:00:00", null); // 250 frames
        Manifest b = clip("R001_B.mov", "R001", "01:00:09:00", null);

        List<ProjectConflicts.Conflict> found = ProjectConflicts.find(b, Stream.of(a));

        assertEquals(1, found.size(), found.toString());
        assertEquals(
                "same reel R001 and overlapping timecode 01:00:09:00-01:00:09:24 (25 frames) as R001_A.mov (asset "
                        + a.assetId().value() + "): a conform by reel and timecode finds both (ambiguous)",
                found.get(0).warningHere());
    }

    @Test
    void sameReelBackToBackOrAnotherReelIsNoConflict() {
        Manifest a = clip("R001_A.mov", "R001", "01:00:00:00", null);
        assertEquals(
                0,
                ProjectConflicts.find(clip("R001_B.mov", "R001", "01:00:10:00", null), Stream.of(a))
                        .size());
        assertEquals(
                0,
                ProjectConflicts.find(clip("R002_B.mov", "R002", "01:00:05:00", null), Stream.of(a))
                        .size());
        Manifest warned = ProjectConflicts.withConflicts(a, List.of());
        assertEquals(List.of(), ProjectConflicts.conflicting(warned));
    }
}
