// Helpers of the ProGAN/StyleGAN layer tests (pixel norm, minibatch stddev, equalized layers, upsampling).
import * as tf from '@tensorflow/tfjs';

/** A tensor's values, awaited (tests never use dataSync). */
export const values = async (t: tf.Tensor): Promise<number[]> => Array.from((await t.data()) as Float32Array);

/** Saves a model in memory and loads it back (tf.io.withSaveHandler / fromMemory). */
export async function roundTrip(model: tf.LayersModel): Promise<tf.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  return tf.loadLayersModel(tf.io.fromMemory(saved!));
}

/** Expects every value within `tolerance` of the expected list. */
export function closeTo(actual: number[], expected: number[], tolerance = 1e-5): boolean {
  return actual.length === expected.length && actual.every((a, i) => Math.abs(a - expected[i]!) <= tolerance);
}
