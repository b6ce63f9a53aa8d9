package studio.loc.hypernet.change;

/** Where a change came from, as recorded in the change file's {@code source} metadata. */
public enum ChangeSource {
    /** Learned from one before/after pair by the hypernetwork. */
    PAIR("pair"),
    /** Trained (optimised) directly, or imported from another LoRA tool. */
    TRAINED("trained");

    private final String tag;

    ChangeSource(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    /** The source for a metadata tag, or null when the tag is not one of ours. */
    public static ChangeSource fromTag(String tag) {
        for (ChangeSource source : values()) {
            if (source.tag.equals(tag)) {
                return source;
            }
        }
        return null;
    }
}
