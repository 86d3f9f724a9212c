// D alone against a fixed uniform fake on [-5, 5]²: how fast can it tell the grid apart?
import * as tf from '@tensorflow/tfjs';
import { Adam, initBackend, minimaxDiscriminatorLoss, trainableVariables } from '@ganforge/core';
import { createDiscriminator, defaults, distributions, packPoints, sampleDistribution, type ToyConfig } from '@ganforge/toy';
await initBackend({ backend: 'wasm' });
const variants: Record<string, Partial<ToyConfig>> = JSON.parse(process.argv[2]!);
const steps = Number(process.argv[3] ?? 300);
for (const [name, v] of Object.entries(variants)) {
  const config: ToyConfig = { ...defaults, ...v };
  const d = createDiscriminator(config, 0);
  const torch = (v as { torch?: number }).torch;
  if (torch !== undefined) {
    let k = 0;
    for (const layer of d.layers) {
      if (layer.getClassName() !== 'Dense') continue;
      const [kernel, bias] = layer.getWeights();
      const limit = torch / Math.sqrt(kernel!.shape[0]!);
      layer.setWeights([tf.randomUniform(kernel!.shape, -limit, limit, 'float32', 7 + k++), tf.randomUniform(bias!.shape, -limit, limit, 'float32', 70 + k++)]);
    }
  }
  const opt = new Adam(trainableVariables(d), { learningRate: config.lrD, beta1: config.beta1, beta2: config.beta2 });
  const n = config.batchSize * config.pack;
  const line: string[] = [];
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) {
    const real = process.env.EASY ? tf.add(tf.mul(tf.randomNormal([n, 2], 0, 1, 'float32', s), 0.3), 2) : sampleDistribution(distributions.grid25, n, s);
    const fake = tf.randomUniform([n, 2], -5, 5, 'float32', 100000 + s);
    const { value, grads } = tf.variableGrads(() => minimaxDiscriminatorLoss(d.apply(packPoints(real, config.pack), { training: true }) as tf.Tensor, d.apply(packPoints(fake, config.pack), { training: true }) as tf.Tensor), trainableVariables(d));
    opt.apply(grads);
    if ((s + 1) % 50 === 0) line.push((await value.data())[0]!.toFixed(3));
    tf.dispose([real, fake, value, ...Object.values(grads)]);
  }
  console.log(name, line.join(' '), `${((performance.now() - t0) / steps).toFixed(0)} ms/step`);
  d.dispose(); opt.dispose();
}
