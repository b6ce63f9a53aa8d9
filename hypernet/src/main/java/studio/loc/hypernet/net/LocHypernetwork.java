package studio.loc.hypernet.net;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import studio.loc.diffusion.lora.LoraSet;
import studio.loc.diffusion.lora.LoraSlot;
import studio.loc.diffusion.nn.Convolutions;
import studio.loc.diffusion.nn.Init;
import studio.loc.diffusion.nn.LayerNormLayer;
import studio.loc.diffusion.nn.LinearLayer;
import studio.loc.diffusion.nn.ParameterStore;

/**
 * The LoC hypernetwork H: maps a before/after pair to one LoRA per slot of G in one forward pass.
 *
 * <ol>
 *   <li>A ViT encoder (stride-p patch convolution, learned position embeddings, pre-norm transformer blocks) reads A
 *       and A' with shared weights, as one batch of 2B images.</li>
 *   <li>A linear fusion turns, per token, [A, A', A'−A] features into one "visual instruction" token set; the
 *       difference is given explicitly because it is what carries the edit.</li>
 *   <li>A transformer decoder with one learnable query per LoRA slot attends to it.</li>
 *   <li>Linear heads emit each slot's down [r, in·k·k] and up [out, r] matrices ({@link SlotHeads}); a fresh H
 *       outputs an all-zero LoRA. Identity-referenced heads read the up factors from the decoder output of the pair
 *       minus that of the unchanged pair (A, A), so an unchanged pair always gives the zero LoRA.</li>
 * </ol>
 *
 * Parameter names are stable ({@code encoder.*}, {@code fusion.*}, {@code decoder.*}, {@code heads.*}) because
 * hypernet.safetensors is loaded into the store by name.
 */
public final class LocHypernetwork implements AutoCloseable {

    private final HypernetConfig config;
    private final List<LoraSlot> slots;
    private final ParameterStore store;
    private final boolean ownsStore;
    private final NDArray patchWeight;
    private final NDArray patchBias;
    private final NDArray positions;
    private final List<EncoderBlock> encoder = new ArrayList<>();
    private final LayerNormLayer encoderNorm;
    private final LinearLayer fusion;
    private final LayerNormLayer fusionNorm;
    private final NDArray slotQueries;
    private final List<DecoderBlock> decoder = new ArrayList<>();
    private final LayerNormLayer decoderNorm;
    private final SlotHeads heads;

    /** Builds H's parameters into {@code store}, which the caller keeps owning. */
    public LocHypernetwork(ParameterStore store, HypernetConfig config, List<LoraSlot> slots) {
        this(store, config, slots, false);
    }

    private LocHypernetwork(ParameterStore store, HypernetConfig config, List<LoraSlot> slots, boolean ownsStore) {
        if (slots.isEmpty()) {
            throw new IllegalArgumentException("the hypernetwork needs at least one LoRA slot");
        }
        this.config = config;
        this.slots = List.copyOf(slots);
        this.store = store;
        this.ownsStore = ownsStore;
        int width = config.width();
        int patch = config.patchSize();
        this.patchWeight = store.create("encoder.patch.weight", new Shape(width, 3, patch, patch), Init.fanIn(1));
        this.patchBias = store.create("encoder.patch.bias", new Shape(width), Init.zeros());
        this.positions = store.create("encoder.positions", new Shape(1, config.tokens(), width), Init.normal(0.02));
        for (int i = 0; i < config.depth(); i++) {
            encoder.add(new EncoderBlock(store, "encoder.blocks." + i, config));
        }
        this.encoderNorm = new LayerNormLayer(store, "encoder.norm", width);
        this.fusion = LinearLayer.plain(store, "fusion.proj", 3 * width, width);
        this.fusionNorm = new LayerNormLayer(store, "fusion.norm", width);
        this.slotQueries = store.create("decoder.queries", new Shape(slots.size(), width), Init.normal(0.02));
        for (int i = 0; i < config.decoderBlocks(); i++) {
            decoder.add(new DecoderBlock(store, "decoder.blocks." + i, config));
        }
        this.decoderNorm = new LayerNormLayer(store, "decoder.norm", width);
        this.heads = new SlotHeads(store, "heads", config, slots);
    }

    /** A hypernetwork with its own parameter store (a child of {@code parent}), closed with it. */
    public static LocHypernetwork create(NDManager parent, HypernetConfig config, List<LoraSlot> slots, long seed) {
        return new LocHypernetwork(new ParameterStore(parent, seed), config, slots, true);
    }

    public HypernetConfig config() {
        return config;
    }

    public List<LoraSlot> slots() {
        return slots;
    }

    public ParameterStore parameters() {
        return store;
    }

    /**
     * @param before A, [B, 3, H, W] in [−1, 1]; resized to the configured size when it differs
     * @param after A', same shape as {@code before}
     * @return B LoRAs (down [B, r, in·k·k], up [B, out, r] per slot), attached to the inputs' manager
     */
    public LoraSet forward(NDArray before, NDArray after) {
        Shape shape = before.getShape();
        if (shape.dimension() != 4 || shape.get(1) != 3 || !shape.equals(after.getShape())) {
            throw new IllegalArgumentException("before and after must both be [B, 3, H, W] images of one shape, got "
                    + shape + " and " + after.getShape());
        }
        long batch = shape.get(0);
        NDArray pair = NDArrays.concat(new NDList(fit(before), fit(after)), 0);
        NDArray tokens = encode(pair);
        NDArray a = tokens.get("0:{}", batch);
        NDArray b = tokens.get("{}:", batch);
        NDArray queries = decode(fuse(a, b), batch, before.getManager());
        // The unchanged pair (A, A) shares A's encoding: only fusion and decoder run again.
        NDArray reference = config.identityReferenced() ? decode(fuse(a, a), batch, before.getManager()) : null;
        return heads.forward(queries, reference);
    }

    /** Per token, [A, A', A'−A] features → one "visual instruction" token set; the difference carries the edit. */
    private NDArray fuse(NDArray a, NDArray b) {
        return fusionNorm.forward(fusion.forward(NDArrays.concat(new NDList(a, b, b.sub(a)), -1)));
    }

    /** The slot queries attend to the instruction tokens: [B, slots, width]. */
    private NDArray decode(NDArray fused, long batch, NDManager manager) {
        // Derived arrays belong to the caller's (per-step) manager, not to the long-lived parameter store.
        NDArray query = slotQueries.expandDims(0);
        query.attach(manager);
        NDArray queries = query.broadcast(new Shape(batch, slots.size(), config.width()));
        for (DecoderBlock block : decoder) {
            queries = block.forward(queries, fused);
        }
        return decoderNorm.forward(queries);
    }

    /** [N, 3, S, S] → [N, tokens, width]. */
    private NDArray encode(NDArray images) {
        int patch = config.patchSize();
        NDArray grid = Convolutions.conv2d(images, patchWeight, patchBias, patch, 0);
        long n = grid.getShape().get(0);
        NDArray x = grid.reshape(n, config.width(), config.tokens()).transpose(0, 2, 1).add(positions);
        for (EncoderBlock block : encoder) {
            x = block.forward(x);
        }
        return encoderNorm.forward(x);
    }

    /** Resizes (bilinear) to the size H was built for; pairs arrive at whatever size the caller has. */
    private NDArray fit(NDArray images) {
        int size = config.imageSize();
        Shape shape = images.getShape();
        if (shape.get(2) == size && shape.get(3) == size) {
            return images;
        }
        NDArray nhwc = images.transpose(0, 2, 3, 1);
        return NDImageUtils.resize(nhwc, size, size, Image.Interpolation.BILINEAR).transpose(0, 3, 1, 2);
    }

    @Override
    public void close() {
        if (ownsStore) {
            store.close();
        }
    }
}
