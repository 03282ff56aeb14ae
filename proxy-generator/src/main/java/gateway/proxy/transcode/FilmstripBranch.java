package gateway.proxy.transcode;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.proxy.gst.PipelineJob;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code filmstrip.jpg}, a grid of small frames spread evenly over the clip (tile i shows frame
 * i x duration / tiles), and {@code filmstrip.json}, its index: for each frame shown, the tile's
 * rectangle in the sprite, in pixels.
 */
final class FilmstripBranch implements LadderBranch {
    private final LadderProfile.Filmstrip profile;
    private final Context context;
    private final FrameGrabber grabber;
    private final FrameGrabber.Size tile;
    private final int columns;
    private final int rows;
    private final Map<Long, Integer> tileOfFrame = new HashMap<>();
    private final Map<Long, Integer> drawn = new TreeMap<>();
    private final BufferedImage sprite;

    FilmstripBranch(LadderProfile.Filmstrip profile, Context context) {
        this.profile = profile;
        this.context = context;
        var video = context.probed().video();
        this.tile = FrameGrabber.Size.fit(video.width(), video.height(), profile.tileWidth(), profile.tileHeight());
        this.grabber = new FrameGrabber(prefix(), tile);
        long frames = Math.max(1, context.probed().durationFrames());
        int tiles = (int) Math.min(profile.maxTiles(), frames);
        for (int i = 0; i < tiles; i++) {
            tileOfFrame.put(i * frames / tiles, i);
        }
        this.columns = Math.min(profile.columns(), tiles);
        this.rows = (tiles + columns - 1) / columns;
        this.sprite = new BufferedImage(columns * tile.width(), rows * tile.height(), BufferedImage.TYPE_INT_RGB);
    }

    @Override
    public LadderProfile profile() {
        return profile;
    }

    @Override
    public FrameGrabber.Size grabSize() {
        return grabber.size();
    }

    @Override
    public String videoChain() {
        return grabber.chain();
    }

    @Override
    public void attach(PipelineJob job) {
        grabber.attach(job, tileOfFrame::containsKey, this::draw, context);
    }

    private synchronized void draw(long frame, BufferedImage image) {
        int i = tileOfFrame.get(frame);
        Graphics2D g = sprite.createGraphics();
        try {
            g.drawImage(image, (i % columns) * tile.width(), (i / columns) * tile.height(), null);
        } finally {
            g.dispose();
        }
        drawn.put(frame, i);
    }

    @Override
    public synchronized void finish() {
        if (drawn.isEmpty()) {
            throw new GatewayException(Reason.CORRUPT, context.subject() + ": no picture decoded for the filmstrip");
        }
        LadderOutputs.Output image =
                context.outputs().open(profile.name(), "filmstrip.jpg", LadderResult.JPEG_MIME_TYPE);
        JpegFile.write(sprite, profile.jpegQuality(), image.temp());
        context.outputs()
                .open(profile.name(), "filmstrip.json", LadderResult.JSON_MIME_TYPE)
                .write(indexJson());
    }

    /** {"sprite", "width_px", "height_px", "columns", "rows", "tiles": [{"frame", "x_px", "y_px", "width_px", "height_px"}]}. */
    String indexJson() {
        StringBuilder j = new StringBuilder("{\"sprite\":\"filmstrip.jpg\",\"width_px\":")
                .append(sprite.getWidth())
                .append(",\"height_px\":")
                .append(sprite.getHeight())
                .append(",\"columns\":")
                .append(columns)
                .append(",\"rows\":")
                .append(rows)
                .append(",\"tiles\":[");
        String sep = "";
        for (Map.Entry<Long, Integer> e : drawn.entrySet()) {
            int i = e.getValue();
            j.append(sep)
                    .append("{\"frame\":")
                    .append(e.getKey())
                    .append(",\"x_px\":")
                    .append((i % columns) * tile.width())
                    .append(",\"y_px\":")
                    .append((i / columns) * tile.height())
                    .append(",\"width_px\":")
                    .append(tile.width())
                    .append(",\"height_px\":")
                    .append(tile.height())
                    .append('}');
            sep = ",";
        }
        return j.append("]}\n").toString();
    }
}
