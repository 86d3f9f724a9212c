import { createOptimizers, initBackend, seededContext } from '@ganforge/core';
import { defaults, toy, type ToyConfig } from '@ganforge/toy';
await initBackend({ backend: 'wasm' });
const variants: Record<string, Partial<ToyConfig>> = JSON.parse(process.argv[2]!);
for (let rep = 0; rep < 2; rep++) for (const [name, v] of Object.entries(variants)) {
  const config: ToyConfig = { ...defaults, ...v };
  const nets = toy.build(config, 0);
  const optimizers = createOptimizers(nets, config);
  const step = (s: number) => toy.trainStep(seededContext({ config, nets, optimizers, step: s, nextBatch: () => { throw new Error('x'); } }, 0));
  for (let s = 0; s < 2; s++) await step(s);
  const t0 = performance.now();
  for (let s = 2; s < 8; s++) await step(s);
  console.log(name, ((performance.now() - t0) / 6).toFixed(0), 'ms/step');
  optimizers.generator.dispose(); optimizers.discriminator.dispose(); nets.generator.dispose(); nets.discriminator.dispose();
}
