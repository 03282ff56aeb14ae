package gateway.proxy.finish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import org.junit.jupiter.api.Test;

class MasterFormatTest {
    @Test
    void namesAndTheFirstApisAliasesParse() {
        for (MasterFormat f : MasterFormat.values()) {
            assertEquals(f, MasterFormat.parse(f.id()));
            assertEquals(f, MasterFormat.parse(f.id().toUpperCase(java.util.Locale.ROOT)));
        }
        assertEquals(MasterFormat.PRORES_HQ, MasterFormat.parse("prores"));
        assertEquals(MasterFormat.DNXHR_HQ, MasterFormat.parse("dnxhr"));
        assertEquals("mxf", MasterFormat.DNXHR_HQX_MXF.extension());
        assertEquals("DNxHR HQX in MXF OP1a", MasterFormat.DNXHR_HQX_MXF.label());
    }

    @Test
    void anUnknownNameListsTheKnownOnesAndWhatThisGstreamerCannotWriteIsUnsupported() {
        GatewayException unknown = assertThrows(GatewayException.class, () -> MasterFormat.parse("h264"));
        assertEquals(Reason.INVALID_ARGUMENT, unknown.reason());
        assertTrue(unknown.getMessage().contains("prores-4444")
                && unknown.getMessage().contains("dnxhd-mxf"));

        GatewayException prores = assertThrows(GatewayException.class, () -> MasterFormat.parse("prores-4444-mxf"));
        assertEquals(Reason.UNSUPPORTED, prores.reason());
        GatewayException dnxhd = assertThrows(GatewayException.class, () -> MasterFormat.parse("dnxhd"));
        assertEquals(Reason.UNSUPPORTED, dnxhd.reason());
        assertTrue(dnxhd.getMessage().contains("dnxhd-mxf"), dnxhd.getMessage());
    }

    @Test
    void dnxSizesAndDnxhdRatesOutsideTheEncodersProfilesAreUnsupported() {
        MasterFormat.DNXHR_444.checkPicture(1920, 1080, FrameRate.FPS_23_976);
        MasterFormat.DNXHD_MXF.checkPicture(1280, 720, FrameRate.FPS_25);
        MasterFormat.PRORES_4444.checkPicture(322, 182, FrameRate.FPS_25);
        GatewayException size = assertThrows(
                GatewayException.class, () -> MasterFormat.DNXHR_LB_MXF.checkPicture(3840, 2160, FrameRate.FPS_25));
        assertEquals(Reason.UNSUPPORTED, size.reason());
        assertTrue(
                size.getMessage().contains("dnxhr-lb-mxf") && size.getMessage().contains("3840x2160"));
        GatewayException rate = assertThrows(
                GatewayException.class, () -> MasterFormat.DNXHD_MXF.checkPicture(1920, 1080, FrameRate.parse("30")));
        assertEquals(Reason.UNSUPPORTED, rate.reason());
        assertTrue(rate.getMessage().contains("DNxHD defines no profile"), rate.getMessage());
        assertTrue(MasterFormat.DNXHD_MXF.encoder(1920, 1080, FrameRate.FPS_25).contains("bitrate=185000000"));
    }
}
