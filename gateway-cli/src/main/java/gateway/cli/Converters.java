package gateway.cli;

import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import gateway.relink.TargetFormat;
import gateway.server.auth.Role;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The option types of the command line, parsed by the model's own parsers; a bad value is a usage error. */
final class Converters {
    private Converters() {}

    /** {@code 25}, {@code 23.976}, {@code 24000/1001}: whatever {@link FrameRate#parse} reads. */
    static final class Rate implements ITypeConverter<FrameRate> {
        @Override
        public FrameRate convert(String value) {
            try {
                return FrameRate.parse(value);
            } catch (GatewayException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** otio, edl, fcp7xml (or xml), fcpxml, ale, and {@link TargetFormat#parse}'s aliases. */
    static final class Format implements ITypeConverter<TargetFormat> {
        @Override
        public TargetFormat convert(String value) {
            try {
                return TargetFormat.parse(value);
            } catch (GatewayException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** The names shell completion offers for {@code --to}. */
    static final class FormatNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("otio", "edl", "fcp7xml", "fcpxml", "ale").iterator();
        }
    }

    /** admin, assistant, editor or viewer, any case. */
    static final class RoleName implements ITypeConverter<Role> {
        @Override
        public Role convert(String value) {
            try {
                return UserCommand.role(value);
            } catch (GatewayException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class RoleNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("admin", "assistant", "editor", "viewer").iterator();
        }
    }
}
