package gateway.protos.mapper;

import gateway.model.asset.FragmentIndex;
import gateway.protos.stream.v1.Fragment;

/**
 * A rendition's {@link FragmentIndex} to the wire {@code gateway.stream.v1.FragmentIndex}: the one
 * place the node maps it, for {@code GetFragmentIndex} and for the index a {@code Watch} session
 * sends when it starts or switches rendition.
 */
public final class StreamMapper {
    private StreamMapper() {}

    /**
     * {@code index} of rendition {@code profile}, a file of {@code sizeBytes} bytes of type {@code
     * mimeType}, in manifest {@code version}.
     */
    public static gateway.protos.stream.v1.FragmentIndex toProto(
            FragmentIndex index, String profile, long sizeBytes, String mimeType, long version) {
        gateway.protos.stream.v1.FragmentIndex.Builder b = gateway.protos.stream.v1.FragmentIndex.newBuilder()
                .setProfile(profile)
                .setSizeBytes(sizeBytes)
                .setRate(TimeMapper.toProto(index.rate()))
                .setHeaderLengthBytes(index.initLengthBytes())
                .setMimeType(mimeType)
                .setVersion(version);
        for (FragmentIndex.Fragment f : index.fragments()) {
            b.addFragments(Fragment.newBuilder()
                    .setStartFrame(f.startFrame())
                    .setDurationFrames(f.durationFrames())
                    .setOffsetBytes(f.offsetBytes())
                    .setLengthBytes(f.lengthBytes()));
        }
        return b.build();
    }
}
