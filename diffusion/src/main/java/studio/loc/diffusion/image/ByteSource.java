package studio.loc.diffusion.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Random-access reads of a few bytes at a time, from a file or from memory, so header parsers can follow offsets
 * without ever loading the whole (possibly huge) file. Reading past the end throws {@link Truncated}.
 */
abstract class ByteSource {

    /** Thrown when a header points past the end of the data. */
    static final class Truncated extends Exception {
        private static final long serialVersionUID = 1L;

        Truncated() {
            super(null, null, false, false);
        }
    }

    abstract long size();

    /** Reads {@code length} bytes at {@code position}; implementations fill {@code into} completely or throw. */
    protected abstract void readAt(long position, byte[] into, int length) throws IOException, Truncated;

    private final byte[] scratch = new byte[8];

    final int u8(long position) throws IOException, Truncated {
        readAt(position, scratch, 1);
        return scratch[0] & 0xFF;
    }

    final int u16(long position, boolean bigEndian) throws IOException, Truncated {
        readAt(position, scratch, 2);
        int a = scratch[0] & 0xFF;
        int b = scratch[1] & 0xFF;
        return bigEndian ? (a << 8) | b : (b << 8) | a;
    }

    final int u24le(long position) throws IOException, Truncated {
        readAt(position, scratch, 3);
        return (scratch[0] & 0xFF) | (scratch[1] & 0xFF) << 8 | (scratch[2] & 0xFF) << 16;
    }

    final long u32(long position, boolean bigEndian) throws IOException, Truncated {
        readAt(position, scratch, 4);
        long value = 0;
        for (int i = 0; i < 4; i++) {
            int b = scratch[bigEndian ? i : 3 - i] & 0xFF;
            value = (value << 8) | b;
        }
        return value;
    }

    /** True when the bytes at {@code position} equal {@code expected} (false, not an error, past the end). */
    final boolean matches(long position, byte[] expected) throws IOException {
        if (position < 0 || position + expected.length > size()) {
            return false;
        }
        byte[] actual = new byte[expected.length];
        try {
            readAt(position, actual, expected.length);
        } catch (Truncated e) {
            return false;
        }
        return java.util.Arrays.equals(actual, expected);
    }

    static ByteSource of(byte[] bytes) {
        return new ByteSource() {
            @Override
            long size() {
                return bytes.length;
            }

            @Override
            protected void readAt(long position, byte[] into, int length) throws Truncated {
                if (position < 0 || position > bytes.length - (long) length) {
                    throw new Truncated();
                }
                System.arraycopy(bytes, (int) position, into, 0, length);
            }
        };
    }

    static ByteSource of(FileChannel channel) throws IOException {
        long size = channel.size();
        return new ByteSource() {
            @Override
            long size() {
                return size;
            }

            @Override
            protected void readAt(long position, byte[] into, int length) throws IOException, Truncated {
                if (position < 0 || position > size - (long) length) {
                    throw new Truncated();
                }
                ByteBuffer buffer = ByteBuffer.wrap(into, 0, length);
                long at = position;
                while (buffer.hasRemaining()) {
                    int n = channel.read(buffer, at);
                    if (n < 0) {
                        throw new Truncated();
                    }
                    at += n;
                }
            }
        };
    }
}
