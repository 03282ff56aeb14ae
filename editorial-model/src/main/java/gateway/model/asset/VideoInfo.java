package gateway.model.asset;

/** The picture of a media file. {@code codec} is a short lower-case name: "prores", "h264", "dnxhd". */
public record VideoInfo(String codec, int width, int height) {}
