// Every family's networks through ONNX: export (generator and discriminator) from a run folder,
// ONNX Runtime's outputs against tfjs' on the same inputs, onnx.checker (when python3-onnx is
// installed), and import back into a run folder with bit-identical weights.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, type BackendReport, type TrainHyperparameters } from '@ganforge/core';
import { createOptimizers } from '@ganforge/core/optim';
import { checkpointFormat } from '@ganforge/core/train';
import { loadCheckpointNetworks, readCheckpoint, writeCheckpoint } from '@ganforge/core/node';
import { cgan, defaults as cganDefaults } from '@ganforge/cgan';
import { cyclegan, defaults as cycleganDefaults } from '@ganforge/cyclegan';
import { dcgan, defaults as dcganDefaults } from '@ganforge/dcgan';
import { defaults as pix2pixDefaults, pix2pix } from '@ganforge/pix2pix';
import { defaults as proganDefaults, progan, setDiscriminatorLevel, setGeneratorLevel } from '@ganforge/progan';
import { defaults as srganDefaults, srgan } from '@ganforge/srgan';
import { defaults as styleganDefaults, stylegan } from '@ganforge/stylegan';
import { defaults as toyDefaults, toy } from '@ganforge/toy';
import { exportRunToOnnx, importOnnxRun, OnnxSession, readGanforgeOnnx, writeOnnxExport, type ExportableArchitecture } from '../src/index.js';

const execFileAsync = promisify(execFile);
let root: string;
let backend: BackendReport;

/**
 * Each weight moved off its initial value, seeded (x·(1 + 0.2·n) + 0.05·n'), variances kept
 * positive: every weight then matters (fresh biases are 0, fresh batch-norm statistics 0 and 1).
 */
function perturb(model: tf.LayersModel, seed: number): void {
  model.weights.forEach((variable, i) => {
    tf.tidy(() => {
      const value = variable.read();
      const noise = (k: number) => tf.randomNormal(value.shape, 0, 1, 'float32', seed * 1000 + 2 * i + k);
      variable.write(variable.name.includes('variance') ? tf.add(tf.abs(noise(1)), 0.5) : tf.add(tf.mul(value, tf.add(1, tf.mul(noise(1), 0.2))), tf.mul(noise(2), 0.05)));
    });
  });
}

interface Case {
  architecture: ExportableArchitecture;
  config: TrainHyperparameters & Record<string, unknown>;
  data: { height: number; width: number; channels: 1 | 3; classNames: string[] };
  /** Settings the family's own API makes after training (levels of detail). */
  prepare?: (nets: Record<string, tf.LayersModel>) => void;
  /** tfjs' reference output of a network for the ONNX feeds; the inputs [N, ...] are built from `batch`. */
  generatorFeeds: (config: Case['config'], batch: number) => Record<string, tf.Tensor>;
  /** What `ganforge sample` / `translate` / `upscale` compute from the same inputs (inference mode). */
  generatorReference: (nets: Record<string, tf.LayersModel>, feeds: Record<string, tf.Tensor>, config: Case['config']) => tf.Tensor;
}

const arch = (a: unknown) => a as ExportableArchitecture;
const image = (shape: number[], seed: number) => tf.randomUniform(shape, -1, 1, 'float32', seed);
const noiseFeeds = (config: Case['config'], batch: number) => ({ z: tf.randomNormal([batch, Number(config['latentDim'])], 0, 1, 'float32', 7) });
const generated = (a: ExportableArchitecture) => (nets: Record<string, tf.LayersModel>, feeds: Record<string, tf.Tensor>, config: Case['config']) =>
  a.generate!(nets['generator-ema'] ?? nets.generator!, feeds.z as tf.Tensor2D, config);
const translated = (nets: Record<string, tf.LayersModel>, feeds: Record<string, tf.Tensor>) => nets.generator!.apply(feeds.image!, { training: false }) as tf.Tensor;

const cases: Record<string, Case> = {
  dcgan: {
    architecture: arch(dcgan),
    config: { ...dcganDefaults, imageSize: 8, channels: 1, ngf: 8, ndf: 8, latentDim: 8, ema: 0.5 },
    data: { height: 8, width: 8, channels: 1, classNames: [] },
    generatorFeeds: noiseFeeds,
    generatorReference: generated(arch(dcgan)),
  },
  'dcgan tf-tutorial': {
    architecture: arch(dcgan),
    config: { ...dcganDefaults, topology: 'tf-tutorial', imageSize: 8, channels: 3, latentDim: 8 },
    data: { height: 8, width: 8, channels: 3, classNames: [] },
    generatorFeeds: noiseFeeds,
    generatorReference: generated(arch(dcgan)),
  },
  cgan: {
    architecture: arch(cgan),
    config: { ...cganDefaults, imageSize: 8, channels: 1, numClasses: 3, ngf: 8, ndf: 8, latentDim: 8, embeddingDim: 4, kernelSize: 3 },
    data: { height: 8, width: 8, channels: 1, classNames: ['a', 'b', 'c'] },
    generatorFeeds: (config, batch) => ({ z: tf.randomNormal([batch, 8], 0, 1, 'float32', 7), class: tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 3), 'int32') }),
    generatorReference: (nets, feeds, config) => tf.tidy(() => cgan.generate(nets.generator!, tf.concat([feeds.z!, tf.oneHot(feeds.class as tf.Tensor1D, 3).toFloat()], 1) as tf.Tensor2D, config as never)),
  },
  'cgan projection, spectral norm, conditional BN': {
    architecture: arch(cgan),
    config: { ...cganDefaults, imageSize: 8, channels: 1, numClasses: 3, ngf: 8, ndf: 8, latentDim: 8, embeddingDim: 4, kernelSize: 3, projection: true, spectralNorm: true, conditionalBatchNorm: true },
    data: { height: 8, width: 8, channels: 1, classNames: ['a', 'b', 'c'] },
    generatorFeeds: (config, batch) => ({ z: tf.randomNormal([batch, 8], 0, 1, 'float32', 7), class: tf.tensor1d(Array.from({ length: batch }, (_, i) => (i + 1) % 3), 'int32') }),
    generatorReference: (nets, feeds, config) => tf.tidy(() => cgan.generate(nets.generator!, tf.concat([feeds.z!, tf.oneHot(feeds.class as tf.Tensor1D, 3).toFloat()], 1) as tf.Tensor2D, config as never)),
  },
  pix2pix: {
    architecture: arch(pix2pix),
    config: { ...pix2pixDefaults, imageSize: 16, ngf: 4, ndf: 4, nLayersD: 1 },
    data: { height: 16, width: 16, channels: 3, classNames: [] },
    generatorFeeds: (_config, batch) => ({ image: image([batch, 16, 16, 3], 3) }),
    generatorReference: translated,
  },
  cyclegan: {
    architecture: arch(cyclegan),
    config: { ...cycleganDefaults, imageSize: 16, ngf: 4, nBlocks: 1, ndf: 4, nLayersD: 1, poolSize: 3 },
    data: { height: 16, width: 16, channels: 3, classNames: [] },
    generatorFeeds: (_config, batch) => ({ image: image([batch, 16, 16, 3], 3) }),
    generatorReference: translated,
  },
  srgan: {
    architecture: arch(srgan),
    config: { ...srganDefaults, imageSize: 16, cropSize: 16, ngf: 8, residualBlocks: 2, ndf: 4, denseUnits: 8, bicubicSkip: true },
    data: { height: 16, width: 16, channels: 3, classNames: [] },
    // A non-square input of odd size: the generator takes any size.
    generatorFeeds: (_config, batch) => ({ image: image([batch, 7, 5, 3], 3) }),
    generatorReference: translated,
  },
  progan: {
    architecture: arch(progan),
    config: { ...proganDefaults, imageSize: 16, channels: 1, latentDim: 8, fmapBase: 64, fmapMax: 8, batchSizes: {}, ema: 0.9 },
    data: { height: 16, width: 16, channels: 1, classNames: [] },
    prepare: (nets) => {
      for (const [name, net] of Object.entries(nets)) {
        if (name.startsWith('generator')) setGeneratorLevel(net, 1.25);
        else setDiscriminatorLevel(net, 1.25);
      }
    },
    generatorFeeds: noiseFeeds,
    generatorReference: generated(arch(progan)),
  },
  stylegan: {
    architecture: arch(stylegan),
    config: { ...styleganDefaults, imageSize: 8, channels: 3, latentDim: 8, wDim: 8, mappingLayers: 2, fmapBase: 64, fmapMax: 8, truncationPsi: 0.7, ema: 0 },
    data: { height: 8, width: 8, channels: 3, classNames: [] },
    generatorFeeds: noiseFeeds,
    generatorReference: generated(arch(stylegan)),
  },
  toy: {
    architecture: arch(toy),
    config: { ...toyDefaults, gUnits: 16, gLayers: 2, dUnits: 8, dLayers: 2, pack: 2, coordinateScale: 2 },
    data: { height: 0, width: 0, channels: 1, classNames: [] },
    generatorFeeds: (config, batch) => ({ z: tf.randomNormal([batch, Number(config['latentDim'])], 0, 1, 'float32', 7) }),
    generatorReference: (nets, feeds) => nets.generator!.apply(feeds.z!, { training: false }) as tf.Tensor,
  },
  'toy spectral norm, Fourier features, LeakyReLU': {
    architecture: arch(toy),
    config: { ...toyDefaults, gUnits: 16, gLayers: 2, dUnits: 8, dLayers: 2, pack: 3, spectralNorm: true, fourierFeatures: 4, dActivation: 'leaky-relu' },
    data: { height: 0, width: 0, channels: 1, classNames: [] },
    generatorFeeds: (config, batch) => ({ z: tf.randomNormal([batch, Number(config['latentDim'])], 0, 1, 'float32', 7) }),
    generatorReference: (nets, feeds) => nets.generator!.apply(feeds.z!, { training: false }) as tf.Tensor,
  },
};

/** Writes a run folder of freshly built, perturbed networks (and an EMA copy when config.ema > 0). */
async function makeRun(c: Case, out: string, seed: number): Promise<void> {
  const nets = c.architecture.build(c.config, seed);
  const all: Record<string, tf.LayersModel> = { ...nets };
  if (c.config.ema > 0) all['generator-ema'] = c.architecture.build(c.config, seed).generator;
  for (const [i, net] of Object.values(all).entries()) perturb(net, seed + i);
  c.prepare?.(all);
  const optimizers = createOptimizers(nets, c.config);
  await writeCheckpoint(out, {
    format: checkpointFormat,
    architecture: c.architecture.name,
    packageVersion: c.architecture.version,
    config: c.config,
    step: 12,
    seed,
    batchesDrawn: 3,
    backend,
    time: new Date().toISOString(),
    data: { source: 'test', count: 0, ...c.data },
    networks: Object.keys(all),
    optimizerSteps: { generator: 0, discriminator: 0 },
  }, all, optimizers);
  optimizers.generator.dispose();
  optimizers.discriminator.dispose();
  Object.values(all).forEach((n) => n.dispose());
}

/** The ONNX feeds of network `role` for a batch, and tfjs' output on the same inputs (inference mode). */
function referenceRun(c: Case, nets: Record<string, tf.LayersModel>, role: string, batch: number): { feeds: Record<string, tf.Tensor>; reference: tf.Tensor } {
  if (role === 'generator') {
    const feeds = c.generatorFeeds(c.config, batch);
    return { feeds, reference: c.generatorReference(nets, feeds, c.config) };
  }
  if (role === 'reverse') {
    const feeds = c.generatorFeeds(c.config, batch);
    return { feeds, reference: nets.generatorBA!.apply(feeds.image!, { training: false }) as tf.Tensor };
  }
  const d = nets[role]!;
  const shape = d.inputs[0]!.shape.map((s, i) => (i === 0 ? batch : Number(s)));
  const feeds: Record<string, tf.Tensor> = { [shape.length === 4 ? 'image' : 'points']: image(shape, 9) };
  if (d.inputs.length === 1) return { feeds, reference: d.apply(Object.values(feeds)[0]!, { training: false }) as tf.Tensor };
  feeds.class = tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 3), 'int32');
  const oneHot = tf.oneHot(feeds.class as tf.Tensor1D, 3).toFloat();
  const reference = d.apply([feeds.image!, oneHot], { training: false }) as tf.Tensor;
  oneHot.dispose();
  return { feeds, reference };
}

/** Max |a - b|; disposes neither. */
async function maxDifference(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  expect(a.shape).toEqual(b.shape);
  const d = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))));
  const [value] = await d.data();
  d.dispose();
  return value!;
}

/** Debian's python3 with onnx (python3-onnx), when installed. */
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const hasOnnxChecker = async () => execFileAsync(python, ['-c', 'import onnx']).then(() => true, () => false);

/** Max differences per family and network, printed at the end for the record. */
const differences: Record<string, number> = {};
const exportedFiles: string[] = [];

describe('ONNX export, ONNX Runtime and import, every family', () => {
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ganforge-onnx-'));
    backend = await initBackend({ backend: 'wasm', threads: 1 });
  });
  afterAll(async () => {
    console.log(`max |ONNX - tfjs|: ${JSON.stringify(differences)}`);
    await rm(root, { recursive: true, force: true });
  });

  for (const [label, c] of Object.entries(cases)) {
    it(`${label}: ONNX Runtime equals tfjs within 1e-4, import gives the weights back bit for bit`, async () => {
      const run = join(root, label.replace(/\W+/g, '-'));
      await makeRun(c, run, 5);
      const exported = await exportRunToOnnx(run, c.architecture, { withDiscriminator: true, exportedBy: 'test' });
      const out = `${run}-onnx`;
      await writeOnnxExport(exported, out);
      const roles = Object.keys(exported.manifest.models);
      expect(roles).toContain('generator');
      expect(roles).toContain('discriminator');
      exportedFiles.push(...Object.values(exported.manifest.models).map((m) => join(out, m.file)));

      const { dir, meta } = await readCheckpoint(run);
      const nets = await loadCheckpointNetworks(dir, meta);
      for (const [role, entry] of Object.entries(exported.manifest.models)) {
        const session = await OnnxSession.create(exported.files.get(entry.file)!, { threads: 1 });
        // 6 (not a power of two: minibatch-stddev groups of 3), then 1: the batch is free.
        for (const batch of [6, 1]) {
          const { feeds, reference } = referenceRun(c, nets, role, batch);
          expect(entry.inputs.map((i) => i.name).sort()).toEqual(Object.keys(feeds).sort());
          const output = await session.runOne(feeds);
          const difference = await maxDifference(output, reference);
          const scale = await maxDifference(reference, tf.zerosLike(reference));
          differences[`${label} ${role}`] = Math.max(differences[`${label} ${role}`] ?? 0, difference);
          expect(difference, `${label} ${role}, batch ${batch}, outputs up to ${scale}`).toBeLessThan(1e-4);
          tf.dispose([output, reference, ...Object.values(feeds)]);
        }
        await session.release();
      }

      // Import: a new run folder whose networks hold exactly the exported weights.
      const models = [...exported.files.entries()].map(([file, bytes]) => readGanforgeOnnx(bytes, file));
      const imported = await importOnnxRun(models, c.architecture, `${run}-imported`, backend);
      expect(imported.imported.sort()).toEqual(Object.keys(nets).filter((n) => !n.endsWith('-ema') && !n.startsWith('pool') && !n.startsWith('history')).sort());
      const back = await readCheckpoint(`${run}-imported`);
      expect(back.meta.step).toBe(12);
      const reloaded = await loadCheckpointNetworks(back.dir, back.meta);
      for (const [role, entry] of Object.entries(exported.manifest.models)) {
        const original = nets[entry.network]!;
        const target = role === 'reverse' ? 'generatorBA' : entry.network.replace(/-ema$/, '');
        const copies = [reloaded[target]!, ...(entry.network.endsWith('-ema') ? [reloaded[entry.network]!] : [])];
        for (const copy of copies) {
          const [a, b] = [original.getWeights(), copy.getWeights()];
          expect(b.length).toBe(a.length);
          for (let i = 0; i < a.length; i++) expect(Buffer.from((await b[i]!.data()).buffer).equals(Buffer.from((await a[i]!.data()).buffer)), `${role} weight ${i}`).toBe(true);
        }
      }
      Object.values(nets).forEach((n) => n.dispose());
      Object.values(reloaded).forEach((n) => n.dispose());
      expect(tf.memory().numTensors).toBeLessThan(10_000);
    });
  }

  it('every exported file passes onnx.checker.check_model(full_check=True) (when python3-onnx is installed)', async (context) => {
    if (!(await hasOnnxChecker())) {
      context.skip();
      return;
    }
    expect(exportedFiles.length).toBeGreaterThan(15);
    const script = 'import sys, onnx\nfor path in sys.argv[1:]:\n    onnx.checker.check_model(onnx.load(path), full_check=True)\nprint(len(sys.argv) - 1, "checked")';
    const { stdout } = await execFileAsync(python, ['-c', script, ...exportedFiles]);
    expect(stdout.trim()).toBe(`${exportedFiles.length} checked`);
  });
});
