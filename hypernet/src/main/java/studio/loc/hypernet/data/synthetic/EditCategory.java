package studio.loc.hypernet.data.synthetic;

/** The kinds of edit the development set measures separately; every synthetic family belongs to one. */
public enum EditCategory {
    COLOR_LUT, COLOR_GRADE, TONE, BLUR_SHARPEN, STYLIZE, LOCAL
}
