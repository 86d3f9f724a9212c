// Core's projector on tiny dense "generators": the schedule, code files, distances, restarts and conditions, no leaks.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/index.js';
import { ImageClassifier, createClassifierModel } from '../src/metrics/index.js';
import {
  CodeError,
  codeFromFile,
  codeToFile,
  configHash,
  defaultSchedule,
  disposeCode,
  imageDistance,
  latentNoiseAt,
  learningRateAt,
  lerpCodes,
  noiseRegularization,
  normalizeNoise,
  projectImages,
  zProjection,
  type LatentCode,
} from '../src/project/index.js';

/** A linear generator: [z | one-hot of 3 classes] (length 7) -> [N, 4, 4, 1]. */
const linearGenerator = () => {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [7], units: 16, kernelInitializer: tf.initializers.randomNormal({ stddev: 1, seed: 5 }) }));
  model.add(tf.layers.reshape({ targetShape: [4, 4, 1] }));
  return model;
};
const config = { latentDim: 4 };
const render = (generator: tf.LayersModel, _config: unknown, code: LatentCode) => generator.apply(tf.concat([code.z!, code.class!], 1)) as tf.Tensor4D;
const conditional = zProjection(render, { names: () => ['a', 'b', 'c'], part: 'class', encode: (_c, classes) => tf.tidy(() => tf.oneHot(tf.tensor1d(classes, 'int32'), 3).toFloat()) });

describe('projection', () => {
  beforeAll(() => initBackend({ backend: 'wasm' }));

  it('follows projector.py: the rate ramps up, holds, ramps down; the latent noise falls to 0 by 75%', () => {
    const lr = (step: number) => learningRateAt(defaultSchedule, step, 100);
    expect(lr(0)).toBe(0);
    expect(lr(2)).toBeCloseTo(0.04, 10);
    expect(lr(50)).toBe(0.1);
    expect(lr(90)).toBeCloseTo(0.1 * (0.5 - 0.5 * Math.cos(0.4 * Math.PI)), 10);
    expect(latentNoiseAt(defaultSchedule, 0, 100)).toBe(0.05);
    expect(latentNoiseAt(defaultSchedule, 75, 100)).toBe(0);
  });

  it('code files round-trip and refuse another family or config in one line; the config hash ignores key order', async () => {
    const code = { w: tf.tensor3d([1, 2, 3, 4, 5, 6], [2, 1, 3]) };
    const owner = { architecture: 'stylegan', config: configHash({ a: 1, b: [2, 3] }) };
    expect(configHash({ b: [2, 3], a: 1 })).toBe(owner.config);
    expect(configHash({ a: 1, b: [3, 2] })).not.toBe(owner.config);
    const file = JSON.parse(JSON.stringify(await codeToFile(code, 1, owner, 'w', { image: 'x.png' })));
    const read = codeFromFile(file, owner, 'x.json');
    expect(read.space).toBe('w');
    expect(read.code.w!.shape).toEqual([1, 1, 3]);
    expect(Array.from(await read.code.w!.data())).toEqual([4, 5, 6]);
    expect(() => codeFromFile(file, { ...owner, architecture: 'dcgan' }, 'x.json')).toThrow(new CodeError('"x.json" is a code of a stylegan run; this is a dcgan run: project the image with this run instead'));
    expect(() => codeFromFile(file, { ...owner, config: 'fnv1a64:0' }, 'x.json')).toThrow(/was projected with another stylegan run/);
    expect(() => codeFromFile({ hello: 1 }, owner, 'y.json')).toThrow(/"y.json" is not a latent code/);
    const walk = lerpCodes({ w: tf.zeros([1, 1, 3]) }, { w: tf.ones([1, 2, 3]) }, 3); // w against w+: broadcasts
    expect(walk.w!.shape).toEqual([3, 2, 3]);
    expect(Array.from(await tf.slice(walk.w!, 1, 1).data())).toEqual(new Array(6).fill(0.5));
    [code, read.code, walk].forEach(disposeCode);
  });

  it('noise maps: the regularisation falls when maps decorrelate; renormalised maps have mean 0, mean square 1', async () => {
    const smooth = tf.tidy(() => tf.tile(tf.reshape(tf.linspace(-1, 1, 16), [1, 16, 1, 1]), [2, 1, 16, 1]) as tf.Tensor4D);
    const white = tf.randomNormal([2, 16, 16, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
    const [r1, r2] = [noiseRegularization([smooth]), noiseRegularization([white])];
    const [a, b] = [await r1.data(), await r2.data()];
    expect(a[0]).toBeGreaterThan(10 * b[0]!);
    const normal = normalizeNoise(tf.add(tf.mul(white, 3), 2));
    expect((await tf.mean(normal).data())[0]).toBeCloseTo(0, 5);
    expect((await tf.mean(tf.square(normal)).data())[0]).toBeCloseTo(1, 4);
    tf.dispose([smooth, white, r1, r2, normal]);
  });

  it('the distance is 0 between equal images and counts the classifier term when given', async () => {
    const classifier = new ImageClassifier(createClassifierModel({ seed: 1 }), { dataset: 'mnist', title: 'MNIST', classNames: [], featureDim: 128, testAccuracy: 0, testCount: 0, training: {} });
    const distance = imageDistance({ classifier });
    expect(distance.description).toBe('1 x pixel MSE + 0.5 x ganforge MNIST classifier (penultimate, 128-d) features');
    const images = tf.randomUniform([2, 28, 28, 1], -1, 1, 'float32', 2) as tf.Tensor4D;
    const target = distance.against(images);
    const same = target.measure(images);
    const other = tf.reverse(images, 0);
    const [withFeatures, pixels] = [target.measure(other), imageDistance().against(images).measure(other)];
    expect(Array.from(await same.data())).toEqual([0, 0]);
    const [f, p] = [await withFeatures.data(), await pixels.data()];
    expect(f[0]).toBeGreaterThan(p[0]!);
    tf.dispose([images, same, other, withFeatures, pixels]);
    target.dispose();
    classifier.dispose();
  });

  it('finds a known z and class of a linear generator, tries every class, and leaks nothing', async () => {
    const generator = linearGenerator();
    const known = { z: tf.tensor2d([[0.5, -1, 0.3, 1.2]]), class: tf.tensor2d([[0, 0, 1]]) };
    const targets = render(generator, config, known);
    const before = tf.memory().numTensors;
    const result = await projectImages(conditional, generator, config, targets, { steps: 200, seed: 3, restarts: 2 });
    expect(result.conditions).toEqual([2]);
    expect(result.distances[0]).toBeLessThan(1e-4);
    expect(result.code.z!.shape).toEqual([1, 4]);
    disposeCode(result.code);
    result.images.dispose();
    const held = await projectImages(conditional, generator, config, targets, { steps: 20, condition: 0 });
    expect(held.conditions).toEqual([0]);
    disposeCode(held.code);
    held.images.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(projectImages(conditional, generator, config, targets, { space: 'w+' })).rejects.toThrow('latent space "w+" does not exist here; this generator projects into z');
    await expect(projectImages(conditional, generator, config, targets, { condition: 3 })).rejects.toThrow(/condition 3 does not exist; this generator has 3: a, b, c/);
    tf.dispose([targets, ...Object.values(known)]);
    generator.dispose();
  });
});
