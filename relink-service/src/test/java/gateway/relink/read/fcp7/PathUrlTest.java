package gateway.relink.read.fcp7;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PathUrlTest {

    @Test
    void windowsDriveOnLocalhost() {
        assertEquals(
                Optional.of("D:/media/sc01_sh010_anim.mov"),
                PathUrl.toPath("file://localhost/D%3a/media/sc01_sh010_anim.mov"));
        assertEquals(Optional.of("C:/a b/c.mov"), PathUrl.toPath("file:///C:/a%20b/c.mov"));
        assertEquals(Optional.of("E:/x.mov"), PathUrl.toPath("file://localhost/e|/x.mov"));
    }

    @Test
    void posixPaths() {
        assertEquals(
                Optional.of("/Volumes/mydisk/my movie.mov"),
                PathUrl.toPath("file://localhost/Volumes/mydisk/my%20movie.mov"));
        assertEquals(Optional.of("/Scratch/media/a.2.mov"), PathUrl.toPath("file:///Scratch/media/a.2.mov"));
        assertEquals(Optional.of("/a+b.mov"), PathUrl.toPath("file:///a+b.mov"));
    }

    @Test
    void utf8AndUncHosts() {
        assertEquals(Optional.of("/Médias/été.mov"), PathUrl.toPath("file:///M%C3%A9dias/%C3%A9t%C3%A9.mov"));
        assertEquals(Optional.of("//server/share/a.mov"), PathUrl.toPath("file://server/share/a.mov"));
    }

    @Test
    void otherSchemesAndBrokenEscapes() {
        assertEquals(Optional.of("http://h/a b"), PathUrl.toPath("http://h/a%20b"));
        assertTrue(PathUrl.toPath("file:///a%zz.mov").isEmpty());
        assertTrue(PathUrl.toPath("file:///a%2").isEmpty());
    }
}
