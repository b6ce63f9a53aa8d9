package studio.loc.hypernet.change;

/**
 * What a file's first bytes say it is, whatever its name: a safetensors file starts with an 8-byte little-endian
 * header length followed by the JSON header's {@code '{'}; a PyTorch file is a zip archive ({@code PK\3\4},
 * {@code torch.save} since PyTorch 1.6) or a bare pickle (opcode {@code 0x80} PROTO, protocol 2 to 5).
 */
enum ContainerFormat {
    SAFETENSORS,
    PYTORCH_ZIP,
    PICKLE,
    /** Neither: the safetensors reader says what is wrong with it. */
    UNKNOWN;

    /** Bytes {@link #detect} looks at. */
    static final int HEAD_BYTES = 9;

    /**
     * Judges {@code head} (the file's first up to {@link #HEAD_BYTES} bytes). Safetensors is tested first: its
     * header length can begin with byte 0x80 too, but never with a {@code '{'} right after the 8 length bytes
     * of a pickle or zip.
     */
    static ContainerFormat detect(byte[] head) {
        if (head.length >= HEAD_BYTES && head[8] == '{' && head[7] == 0 && head[6] == 0) {
            return SAFETENSORS;
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return PYTORCH_ZIP;
        }
        if (head.length >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5) {
            return PICKLE;
        }
        return UNKNOWN;
    }
}
