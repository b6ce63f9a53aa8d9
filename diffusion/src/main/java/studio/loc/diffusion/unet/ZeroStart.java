package studio.loc.diffusion.unet;

import ai.djl.ndarray.NDArray;
import studio.loc.diffusion.nn.Init;
import studio.loc.diffusion.nn.ParameterStore;

/**
 * Zeroes a parameter after construction. Slotted layers have no zero-init factory, and the last layer of each
 * residual branch must start at zero so a fresh block is the identity (a stable start for a deep network).
 */
final class ZeroStart {

    private ZeroStart() {
    }

    static void zero(ParameterStore store, String parameter) {
        NDArray weight = store.get(parameter);
        store.assign(parameter, Init.zeros().sample(weight.getShape(), null));
    }
}
