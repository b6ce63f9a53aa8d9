package studio.loc.hypernet.recipe;

/**
 * One stage of the recipe.
 *
 * @param steps optimiser steps (0 skips the stage)
 * @param batch samples per step
 * @param learningRate peak learning rate
 * @param checkpointEvery steps between checkpoints (resume granularity)
 */
public record StageSettings(long steps, int batch, double learningRate, long checkpointEvery) {
}
