package gateway.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gateway.model.asset.AssetId;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StableNameTest {
    private static final ProjectId PROJECT = new ProjectId("feature_01");
    private static final AssetId ID = new AssetId("a001c003-0000-4000-8000-000000000001");

    @Test
    void editProxyIsTheOriginalsBaseNameAndTheFirstEightCharactersOfTheId() {
        StableName name = StableName.of(PROJECT, "/mnt/cards/A001/A001C003.mov", "A001C003", ID, "edit");
        assertEquals("feature_01/A001C003__a001c003.mov", name.relative());
    }

    @Test
    void theEditRenditionOfABroadcastWavIsAWav() {
        assertEquals(
                "feature_01/SR001__a001c003.wav",
                StableName.of(PROJECT, "/mnt/sound/SR001.WAV", "SR001", ID, "edit")
                        .relative());
        assertEquals(
                "T001__a001c003.wav",
                StableName.of(PROJECT, "D:\\Sound\\T001.bwf", null, ID, "edit").fileName());
        assertEquals(
                "LONG__a001c003.wav",
                StableName.of(PROJECT, null, "LONG.rf64", ID, "edit").fileName());
        assertEquals(
                "SR001__a001c003__stream-lo.mp4",
                StableName.of(PROJECT, "/mnt/sound/SR001.WAV", null, ID, "stream-lo")
                        .fileName(),
                "only the edit rendition follows the original");
        assertEquals(
                "SR001_wav__a001c003.mov",
                StableName.of(PROJECT, "/x/SR001_wav.mov", null, ID, "edit").fileName());
    }

    @Test
    void windowsPathsLoseFolderAndExtension() {
        StableName name = StableName.of(PROJECT, "D:\\Cards\\B002\\B002C001_220101_R1AB.MXF", null, ID, "edit");
        assertEquals("B002C001_220101_R1AB__a001c003.mov", name.fileName());
    }

    @Test
    void otherProfilesAreNamedAfterTheProfile() {
        StableName name = StableName.of(PROJECT, "/cards/A001C003.mov", null, ID, "stream-lo");
        assertEquals("A001C003__a001c003__stream-lo.mp4", name.fileName());
    }

    @Test
    void unsafeCharactersBecomeUnderscoresAndNothingIsHidden() {
        assertEquals(
                "Scene 12_ take 3__a001c003.mov",
                StableName.of(PROJECT, "/x/Scene 12: take 3.mov", null, ID, "edit")
                        .fileName());
        assertEquals(
                "_hidden__a001c003.mov",
                StableName.of(PROJECT, "/x/.hidden.mov", null, ID, "edit").fileName());
        assertEquals(
                "caf_ _ reel__a001c003.mov",
                StableName.of(PROJECT, "/x/café * reel.mov", null, ID, "edit").fileName());
    }

    @Test
    void fallsBackToTheClipNameThenToAsset() {
        assertEquals(
                "A001C003__a001c003.mov",
                StableName.of(PROJECT, "", "A001C003", ID, "edit").fileName());
        assertEquals(
                "asset__a001c003.mov",
                StableName.of(PROJECT, null, "", ID, "edit").fileName());
    }

    @Test
    void theFullIdIsUsedOnlyWhenAsked() {
        assertEquals(
                "A001C003__a001c003-0000-4000-8000-000000000001.mov",
                StableName.of(PROJECT, "/cards/A001C003.mov", null, ID, "edit", true)
                        .fileName());
    }

    @Test
    void theNameDependsOnServerFactsOnlyNotOnTheMachine() {
        StableName name = StableName.of(PROJECT, "/mnt/cards/A001/A001C003.mov", "A001C003", ID, "edit");
        Path onMac = name.under(Path.of("/Users/ed/.gateway-agent/cache"));
        Path onLinux = name.under(Path.of("/home/ed/.gateway-agent/cache"));
        assertEquals(
                Path.of("/Users/ed/.gateway-agent/cache").relativize(onMac),
                Path.of("/home/ed/.gateway-agent/cache").relativize(onLinux));
        assertEquals(Path.of("/c/feature_01/A001C003__a001c003.mov"), name.under(Path.of("/c")));
    }

    @Test
    void profilesThatCouldLeaveTheFolderAreRefused() {
        GatewayException e =
                assertThrows(GatewayException.class, () -> StableName.of(PROJECT, "/x/a.mov", null, ID, "../../etc"));
        assertEquals(Reason.INVALID_ARGUMENT, e.reason());
    }
}
