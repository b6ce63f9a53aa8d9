package studio.loc.diffusion.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * One named tensor as stored in a safetensors file: element type, shape and the raw little-endian bytes.
 * Conversions to float happen here in plain Java, so half-precision weights never need a DJL bfloat16 array
 * (which would abort the JVM). The data array is not copied: treat it as read-only.
 */
public record Tensor(String name, DType dtype, long[] shape, byte[] data) {

    public Tensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(data, "data");
        shape = Objects.requireNonNull(shape, "shape").clone();
        long expected = Math.multiplyExact(elementCount(name, shape), dtype.byteSize());
        if (expected != data.length) {
            throw new IllegalArgumentException("tensor " + name + " of shape " + Arrays.toString(shape) + " and dtype "
                    + dtype + " needs " + expected + " bytes, got " + data.length);
        }
    }

    /** A float32 tensor holding {@code values}. */
    public static Tensor f32(String name, long[] shape, float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(Math.multiplyExact(values.length, 4)).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return new Tensor(name, DType.F32, shape, buffer.array());
    }

    /** A float16 tensor holding {@code values} rounded to half precision (round to nearest even). */
    public static Tensor f16(String name, long[] shape, float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(Math.multiplyExact(values.length, 2)).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            buffer.putShort(Float.floatToFloat16(value));
        }
        return new Tensor(name, DType.F16, shape, buffer.array());
    }

    /** A bfloat16 tensor holding {@code values} rounded to bfloat16 (round to nearest even; NaN stays NaN). */
    public static Tensor bf16(String name, long[] shape, float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(Math.multiplyExact(values.length, 2)).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            buffer.putShort(floatToBfloat16(value));
        }
        return new Tensor(name, DType.BF16, shape, buffer.array());
    }

    /** An int64 tensor holding {@code values}. */
    public static Tensor i64(String name, long[] shape, long[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(Math.multiplyExact(values.length, 8)).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asLongBuffer().put(values);
        return new Tensor(name, DType.I64, shape, buffer.array());
    }

    /** A uint8 tensor holding {@code values} (the bytes are taken as unsigned, and copied). */
    public static Tensor u8(String name, long[] shape, byte[] values) {
        return new Tensor(name, DType.U8, shape, values.clone());
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public long elementCount() {
        return elementCount(name, shape);
    }

    /** All elements as float, whatever the stored type (U8 as 0..255, I64 rounded to the nearest float). */
    public float[] toFloats() {
        int count = Math.toIntExact(elementCount());
        float[] out = new float[count];
        ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case F32 -> buffer.asFloatBuffer().get(out);
            case F16, BF16 -> halvesToFloats(buffer, out, dtype == DType.BF16);
            case I64 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = buffer.getLong(8 * i);
                }
            }
            case U8 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = data[i] & 0xFF;
                }
            }
        }
        return out;
    }

    /** All elements as long; only for integer tensors (I64, U8). */
    public long[] toLongs() {
        int count = Math.toIntExact(elementCount());
        long[] out = new long[count];
        switch (dtype) {
            case I64 -> ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
            case U8 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = data[i] & 0xFF;
                }
            }
            default -> throw new IllegalStateException("tensor " + name + " holds " + dtype + ", not integers");
        }
        return out;
    }

    /** False when any element is NaN or infinite (integer tensors are always finite). */
    public boolean allFinite() {
        if (dtype == DType.I64 || dtype == DType.U8) {
            return true;
        }
        for (float value : toFloats()) {
            if (!Float.isFinite(value)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Tensor that && name.equals(that.name) && dtype == that.dtype
                && Arrays.equals(shape, that.shape) && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "Tensor[" + name + ", " + dtype + ", " + Arrays.toString(shape) + "]";
    }

    static long elementCount(String name, long[] shape) {
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("tensor " + name + " has a negative dimension: " + Arrays.toString(shape));
            }
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }

    /** Bulk-reads 16-bit values in chunks and widens them; F16 goes through a table because models hold millions. */
    private static void halvesToFloats(ByteBuffer buffer, float[] out, boolean bfloat) {
        java.nio.ShortBuffer halves = buffer.asShortBuffer();
        short[] chunk = new short[Math.min(out.length, 8192)];
        float[] table = bfloat ? null : HalfTable.VALUES;
        for (int start = 0; start < out.length; start += chunk.length) {
            int n = Math.min(chunk.length, out.length - start);
            halves.get(start, chunk, 0, n);
            for (int i = 0; i < n; i++) {
                int bits = chunk[i] & 0xFFFF;
                out[start + i] = bfloat ? Float.intBitsToFloat(bits << 16) : table[bits];
            }
        }
    }

    /** All 65,536 half-precision values as float, built on first use. */
    private static final class HalfTable {
        static final float[] VALUES = new float[1 << 16];

        static {
            for (int bits = 0; bits < VALUES.length; bits++) {
                VALUES[bits] = Float.float16ToFloat((short) bits);
            }
        }
    }

    private static short floatToBfloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x0040); // keep it a quiet NaN even if only low mantissa bits were set
        }
        int roundingBias = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + roundingBias) >>> 16);
    }
}
