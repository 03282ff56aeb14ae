package gateway.protos.mapper;

import com.google.protobuf.Timestamp;
import gateway.model.asset.AssetId;
import gateway.model.asset.AudioStream;
import gateway.model.asset.Checksums;
import gateway.model.asset.Manifest;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.ProjectId;
import gateway.model.asset.Rendition;
import gateway.model.asset.VideoInfo;
import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.time.Timecode;
import gateway.protos.catalog.v1.SearchHit;
import gateway.protos.common.v1.Asset;
import gateway.protos.common.v1.Camera;
import gateway.protos.common.v1.VideoStream;
import java.time.Instant;

/**
 * A {@link Manifest} and its parts to and from the wire {@link Asset}. On the wire "absent" is an
 * unset message or an empty string; in the model it is null. The manifest's original path is the
 * probe's path ({@code media.path}) on the wire. Reading from the wire validates ids, rates and
 * timecode and names the offending field.
 */
public final class AssetMapper {
    private AssetMapper() {}

    public static Asset toProto(Manifest manifest) {
        MediaInfo media = manifest.media();
        Asset.Builder b = Asset.newBuilder()
                .setAssetId(manifest.assetId().value())
                .setProject(manifest.project().value())
                .setName(text(manifest.name()))
                .setOriginalPath(manifest.originalPath() != null ? manifest.originalPath() : media.path())
                .setContainer(text(media.container()))
                .setFrameRate(TimeMapper.toProto(media.frameRate()))
                .setDurationFrames(media.durationFrames())
                .setDropFrame(media.dropFrame())
                .setReel(text(media.reel()))
                .setClipName(text(media.clipName()))
                .setVariableFrameRate(media.variableFrameRate())
                .putAllMetadata(manifest.metadata())
                .setVersion(manifest.version())
                .addAllWarnings(media.warnings());
        if (media.startTimecode() != null) {
            b.setStartTimecode(TimeMapper.toProto(media.startTimecode().toTime()))
                    .setStartTimecodeLabel(media.startTimecode().toString());
        }
        if (media.video() != null) {
            b.setVideo(toProto(media.video()));
        }
        media.audio().forEach(a -> b.addAudio(toProto(a)));
        if (manifest.checksums() != null) {
            b.setChecksums(toProto(manifest.checksums()));
        }
        manifest.renditions().forEach(r -> b.addRenditions(toProto(r)));
        if (media.camera() != null) {
            b.setCamera(toProto(media.camera()));
        }
        if (manifest.ingestedAt() != null) {
            b.setIngestedAt(toProto(manifest.ingestedAt()));
        }
        return b.build();
    }

    /** The manifest an {@link Asset} describes (schema version: the current one). */
    public static Manifest fromProto(Asset asset) {
        if (!AssetId.isValid(asset.getAssetId())) {
            throw GatewayException.invalid(
                    "field 'asset_id' is '" + asset.getAssetId() + "': not 8-64 lower-case letters, digits or '-'");
        }
        if (!asset.hasFrameRate()) {
            throw GatewayException.invalid("field 'frame_rate' of asset " + asset.getAssetId() + " is missing");
        }
        FrameRate rate = TimeMapper.fromProto(asset.getFrameRate(), "frame_rate");
        Timecode start = asset.hasStartTimecode() ? startTimecode(asset) : null;
        MediaInfo media = new MediaInfo(
                asset.getOriginalPath(),
                orNull(asset.getContainer()),
                rate,
                asset.getDurationFrames(),
                start,
                orNull(asset.getReel()),
                orNull(asset.getClipName()),
                asset.hasVideo() ? fromProto(asset.getVideo()) : null,
                asset.getAudioList().stream().map(AssetMapper::fromProto).toList(),
                asset.getVariableFrameRate(),
                asset.hasCamera() ? fromProto(asset.getCamera()) : null,
                asset.getWarningsList());
        return new Manifest(
                Manifest.SCHEMA_VERSION,
                asset.getVersion(),
                new AssetId(asset.getAssetId()),
                project(asset.getProject(), "project"),
                orNull(asset.getName()),
                asset.getOriginalPath(),
                media,
                asset.hasChecksums() ? fromProto(asset.getChecksums()) : null,
                asset.getRenditionsList().stream().map(AssetMapper::fromProto).toList(),
                asset.getMetadataMap(),
                asset.hasIngestedAt() ? fromProto(asset.getIngestedAt()) : null);
    }

    private static Timecode startTimecode(Asset asset) {
        RationalTime time = TimeMapper.fromProto(asset.getStartTimecode(), "start_timecode");
        try {
            return Timecode.of(time, asset.getDropFrame());
        } catch (GatewayException e) {
            throw GatewayException.invalid(
                    "field 'start_timecode' of asset " + asset.getAssetId() + ": " + e.getMessage());
        }
    }

    /** The bin-view summary of an asset, with the relevance score of a search hit. */
    public static SearchHit toSearchHit(Manifest manifest, float score) {
        Asset a = toProto(manifest);
        SearchHit.Builder b = SearchHit.newBuilder()
                .setAssetId(a.getAssetId())
                .setProject(a.getProject())
                .setName(a.getName())
                .setReel(a.getReel())
                .setFrameRate(a.getFrameRate())
                .setDurationFrames(a.getDurationFrames())
                .setStartTimecodeLabel(a.getStartTimecodeLabel())
                .setDropFrame(a.getDropFrame())
                .setContainer(a.getContainer())
                .setVideoCodec(a.getVideo().getCodec())
                .setWidthPx(a.getVideo().getWidthPx())
                .setHeightPx(a.getVideo().getHeightPx())
                .setAudioChannels(manifest.media().audioChannels())
                .setScore(score)
                .setOriginalPath(a.getOriginalPath());
        if (a.hasStartTimecode()) {
            b.setStartTimecode(a.getStartTimecode());
        }
        if (a.hasIngestedAt()) {
            b.setIngestedAt(a.getIngestedAt());
        }
        manifest.renditions().forEach(r -> b.addProfiles(r.profile()));
        return b.build();
    }

    public static VideoStream toProto(VideoInfo video) {
        return VideoStream.newBuilder()
                .setCodec(text(video.codec()))
                .setWidthPx(video.width())
                .setHeightPx(video.height())
                .build();
    }

    public static VideoInfo fromProto(VideoStream video) {
        return new VideoInfo(orNull(video.getCodec()), video.getWidthPx(), video.getHeightPx());
    }

    public static gateway.protos.common.v1.AudioStream toProto(AudioStream audio) {
        return gateway.protos.common.v1.AudioStream.newBuilder()
                .setCodec(text(audio.codec()))
                .setChannels(audio.channels())
                .setSampleRateHz(audio.sampleRate())
                .setBitDepthBits(audio.bitDepth())
                .build();
    }

    public static AudioStream fromProto(gateway.protos.common.v1.AudioStream audio) {
        return new AudioStream(
                orNull(audio.getCodec()), audio.getChannels(), audio.getSampleRateHz(), audio.getBitDepthBits());
    }

    public static gateway.protos.common.v1.Checksums toProto(Checksums checksums) {
        return gateway.protos.common.v1.Checksums.newBuilder()
                .setXxh64(text(checksums.xxh64()))
                .setMd5(text(checksums.md5()))
                .build();
    }

    public static Checksums fromProto(gateway.protos.common.v1.Checksums checksums) {
        return new Checksums(orNull(checksums.getXxh64()), orNull(checksums.getMd5()));
    }

    public static gateway.protos.common.v1.Rendition toProto(Rendition rendition) {
        gateway.protos.common.v1.Rendition.Builder b = gateway.protos.common.v1.Rendition.newBuilder()
                .setProfile(text(rendition.profile()))
                .setPath(text(rendition.path()))
                .setMimeType(text(rendition.mimeType()))
                .setSizeBytes(rendition.sizeBytes());
        if (rendition.checksums() != null) {
            b.setChecksums(toProto(rendition.checksums()));
        }
        return b.build();
    }

    public static Rendition fromProto(gateway.protos.common.v1.Rendition rendition) {
        return new Rendition(
                rendition.getProfile(),
                rendition.getPath(),
                orNull(rendition.getMimeType()),
                rendition.getSizeBytes(),
                rendition.hasChecksums() ? fromProto(rendition.getChecksums()) : null);
    }

    public static Camera toProto(MediaInfo.Camera camera) {
        return Camera.newBuilder()
                .setMake(text(camera.make()))
                .setModel(text(camera.model()))
                .setSerial(text(camera.serial()))
                .build();
    }

    public static MediaInfo.Camera fromProto(Camera camera) {
        return new MediaInfo.Camera(orNull(camera.getMake()), orNull(camera.getModel()), orNull(camera.getSerial()));
    }

    public static Timestamp toProto(Instant instant) {
        return Timestamp.newBuilder()
                .setSeconds(instant.getEpochSecond())
                .setNanos(instant.getNano())
                .build();
    }

    public static Instant fromProto(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    /** A project id read from the wire; {@code field} names it in the error. */
    public static ProjectId project(String value, String field) {
        try {
            return new ProjectId(value);
        } catch (GatewayException e) {
            throw GatewayException.invalid("field '" + field + "': " + e.getMessage());
        }
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static String orNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
