package studio.loc.spark;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import studio.loc.diffusion.sample.SamplingOptions;

/**
 * Everything that decides an output's pixels and bytes, fixed on the driver and shipped to every task.
 *
 * @param modelSha256 the base model's fingerprint
 * @param changeSha256 SHA-256 of the change file's bytes
 * @param strength how strongly the change is applied
 * @param steps sampler steps; with {@code seed}, {@code guidance} and {@code startFraction} the sampler settings
 *              ({@code apply} uses the model's defaults), kept apart because {@link SamplingOptions} is not
 *              serialisable
 * @param seed the noise seed
 * @param guidance the image-guidance scale
 * @param startFraction where on the noise schedule sampling starts
 * @param jpegQuality quality of JPEG and WebP outputs
 * @param maxPixels photos with more pixels are failed as too large, before decoding
 */
record EditSettings(String modelSha256, String changeSha256, double strength, int steps, long seed, double guidance,
                    double startFraction, int jpegQuality, long maxPixels) implements Serializable {

    static EditSettings of(String modelSha256, String changeSha256, double strength, SamplingOptions sampling,
                           int jpegQuality, long maxPixels) {
        return new EditSettings(modelSha256, changeSha256, strength, sampling.steps(), sampling.seed(),
                sampling.guidance(), sampling.startFraction(), jpegQuality, maxPixels);
    }

    SamplingOptions sampling() {
        return new SamplingOptions(steps, seed, guidance, startFraction);
    }

    /** Fingerprint of the settings for one output format; a change of any of them redoes the output. */
    String key(String format) {
        String text = String.join("|", "model=" + modelSha256, "change=" + changeSha256, "strength=" + strength,
                "steps=" + steps, "seed=" + seed, "guidance=" + guidance,
                "start=" + startFraction, "format=" + format,
                "quality=" + (format.equals("jpeg") || format.equals("webp") ? jpegQuality : 0));
        return HexFormat.of().formatHex(sha256(text.getBytes(StandardCharsets.UTF_8)), 0, 16);
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
