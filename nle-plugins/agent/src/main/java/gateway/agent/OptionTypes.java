package gateway.agent;

import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The typed values of the agent's options, read by the domain types' own parsers so a bad value
 * is a usage error (exit 2) that says why.
 */
final class OptionTypes {
    private OptionTypes() {}

    static final class Server implements ITypeConverter<ServerAddress> {
        @Override
        public ServerAddress convert(String text) {
            return read(() -> ServerAddress.parse(text));
        }
    }

    static final class Size implements ITypeConverter<ByteSize> {
        @Override
        public ByteSize convert(String text) {
            return read(() -> ByteSize.parse(text, "size"));
        }
    }

    static final class Project implements ITypeConverter<ProjectId> {
        @Override
        public ProjectId convert(String text) {
            return read(() -> new ProjectId(text));
        }
    }

    static final class Profile implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            return read(() -> StableName.requireProfile(text));
        }
    }

    private interface Reader<T> {
        T read();
    }

    private static <T> T read(Reader<T> reader) {
        try {
            return reader.read();
        } catch (GatewayException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
