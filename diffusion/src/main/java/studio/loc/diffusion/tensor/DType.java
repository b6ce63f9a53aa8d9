package studio.loc.diffusion.tensor;

/** Element types a safetensors file may hold that LoC Studio reads, with their size in bytes. */
public enum DType {
    F32(4), F16(2), BF16(2), I64(8), U8(1);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    public int byteSize() {
        return byteSize;
    }

    /** The dtype named as in a safetensors header ("F32", "BF16", ...). */
    public static DType parse(String name) throws SafeTensorsFormatException {
        if (name != null) {
            for (DType type : values()) {
                if (type.name().equals(name)) {
                    return type;
                }
            }
        }
        throw new SafeTensorsFormatException("unknown dtype \"" + name + "\" (known: F32, F16, BF16, I64, U8)");
    }
}
