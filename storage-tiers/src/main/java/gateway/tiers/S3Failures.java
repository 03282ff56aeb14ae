package gateway.tiers;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns what the S3 client threw into the gateway's one error vocabulary, the message naming the
 * tier, the bucket and the object (or upload), and what the store said.
 */
final class S3Failures {
    private S3Failures() {}

    static GatewayException of(S3Tier tier, String key, String doing, SdkException e) {
        String where = "tier \"" + tier.name() + "\" " + (key == null ? "bucket " + tier.bucket() : tier.address(key))
                + " (" + (tier.endpoint() == null ? "AWS S3" : tier.endpoint().toString()) + ")";
        if (e instanceof S3Exception s3) {
            String code =
                    s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            String said = code == null ? "HTTP " + s3.statusCode() : code + " (HTTP " + s3.statusCode() + ")";
            if ("NoSuchBucket".equals(code)) {
                return new GatewayException(
                        Reason.NOT_FOUND,
                        where + ": cannot " + doing + ": bucket " + tier.bucket()
                                + " does not exist on the store; create it or fix config key tiers." + tier.name()
                                + ".bucket",
                        e);
            }
            if ("NoSuchKey".equals(code) || "NoSuchUpload".equals(code) || s3.statusCode() == 404) {
                return new GatewayException(Reason.NOT_FOUND, where + ": cannot " + doing + ": " + said, e);
            }
            if (s3.statusCode() == 401
                    || s3.statusCode() == 403
                    || "InvalidAccessKeyId".equals(code)
                    || "SignatureDoesNotMatch".equals(code)) {
                return new GatewayException(
                        Reason.PERMISSION_DENIED,
                        where + ": cannot " + doing + ": the store refused the credentials (" + said + "); check "
                                + tier.credentials(),
                        e);
            }
            if (s3.statusCode() == 416 || "InvalidRange".equals(code)) {
                return new GatewayException(Reason.OUT_OF_RANGE, where + ": cannot " + doing + ": " + said, e);
            }
            if (s3.statusCode() >= 500) {
                return new GatewayException(
                        Reason.UNAVAILABLE, where + ": cannot " + doing + ": the store failed with " + said, e);
            }
            return new GatewayException(Reason.IO, where + ": cannot " + doing + ": " + said, e);
        }
        if (e instanceof SdkClientException) {
            return new GatewayException(
                    Reason.UNAVAILABLE,
                    where + ": cannot " + doing + ": the store is unreachable (" + firstLine(e.getMessage()) + ")",
                    e);
        }
        return new GatewayException(Reason.IO, where + ": cannot " + doing + ": " + firstLine(e.getMessage()), e);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
