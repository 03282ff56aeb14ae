package gateway.proxy.transcode;

import gateway.model.error.GatewayException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** A baseline JPEG written with the JDK's encoder at a chosen quality. */
final class JpegFile {
    private JpegFile() {}

    static void write(BufferedImage image, float quality, Path file) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (OutputStream stream = Files.newOutputStream(file);
                ImageOutputStream out = ImageIO.createImageOutputStream(stream)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw GatewayException.io("cannot write the JPEG " + file + ": " + e.getMessage(), e);
        } finally {
            writer.dispose();
        }
    }
}
