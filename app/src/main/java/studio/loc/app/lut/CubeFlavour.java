package studio.loc.app.lut;

/**
 * The two dialects of the .cube format: DaVinci Resolve's (title and size; its optional
 * {@code LUT_3D_INPUT_RANGE} is left out for the unit range, its default, since FFmpeg's reader refuses the keyword)
 * and Adobe's original one ({@code DOMAIN_MIN}/{@code DOMAIN_MAX} as well); both list the output colours with red
 * changing fastest, and FFmpeg, OCIO, Photoshop, Premiere and Resolve read either.
 */
public enum CubeFlavour {
    RESOLVE,
    ADOBE
}
