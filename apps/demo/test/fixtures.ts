/**
 * Exports of every panel's kind with small random-weight networks, written the way `ganforge
 * export` writes them (LayersModel folders + ganforge.json), so the browser test drives each panel
 * before its family has a trained export to ship.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { exportManifestFile, exportManifestFormat, type ExportInput, type ExportManifest } from '@ganforge/core';
import { PixelShuffle } from '@ganforge/core/layers';
import { saveModel } from '@ganforge/core/node';

export interface FixtureExport {
  name: string;
  manifest: ExportManifest;
}

const seeded = (seed: number) => tf.initializers.glorotNormal({ seed });

/** image [S, S, C] -> image [S, S, C]: two 3x3 convolutions, tanh out. */
function translator(name: string, size: number, channels: number, seed: number): tf.LayersModel {
  const model = tf.sequential({ name });
  model.add(tf.layers.conv2d({ inputShape: [size, size, channels], filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: seeded(seed) }));
  model.add(tf.layers.conv2d({ filters: channels, kernelSize: 3, padding: 'same', activation: 'tanh', kernelInitializer: seeded(seed + 1), biasInitializer: 'zeros' }));
  return model;
}

/** StyleGAN's split: mapping z [8] -> w [8]; synthesis ws [4, 8] -> [16, 16, 3]; generator = both. */
async function styleNetworks(seed: number) {
  const latentDim = 8;
  const numWs = 4;
  const mapping = tf.sequential({ name: 'mapping' });
  mapping.add(tf.layers.dense({ inputShape: [latentDim], units: latentDim, activation: 'tanh', kernelInitializer: seeded(seed) }));
  const synthesis = tf.sequential({ name: 'synthesis' });
  synthesis.add(tf.layers.flatten({ inputShape: [numWs, latentDim] }));
  synthesis.add(tf.layers.dense({ units: 16 * 16 * 3, activation: 'tanh', kernelInitializer: seeded(seed + 1) }));
  synthesis.add(tf.layers.reshape({ targetShape: [16, 16, 3] }));
  const z = tf.input({ shape: [latentDim] });
  const w = mapping.apply(z) as tf.SymbolicTensor;
  const ws = tf.layers.repeatVector({ n: numWs }).apply(w) as tf.SymbolicTensor;
  const generator = tf.model({ name: 'generator', inputs: z, outputs: synthesis.apply(ws) as tf.SymbolicTensor });
  const average = tf.tidy(() => tf.mean(mapping.predict(tf.randomNormal([256, latentDim], 0, 1, 'float32', seed)) as tf.Tensor, 0));
  const wAvg = Array.from(await average.data());
  average.dispose();
  return { mapping, synthesis, generator, input: { kind: 'style', latentDim, wDim: latentDim, numWs, wAvg } as ExportInput };
}

function manifest(architecture: string, input: ExportInput, output: [number, number, 1 | 3], models: Record<string, string>): ExportManifest {
  return {
    format: exportManifestFormat,
    architecture,
    packageVersion: '0.0.0',
    exportedBy: 'apps/demo/test/fixtures.ts',
    network: 'generator',
    step: 0,
    seed: 0,
    time: new Date(0).toISOString(),
    config: {},
    data: { source: 'random weights', height: output[0], width: output[1], channels: output[2], classNames: [] },
    input,
    output: { height: output[0], width: output[1], channels: output[2], range: [-1, 1] },
    models,
  };
}

/** The panel each fixture stands in for, by fixture name. */
export const fixturePanels: Record<string, string> = { 'fixture-pix2pix': 'draw', 'fixture-cyclegan': 'cycle', 'fixture-srgan': 'superres', 'fixture-stylegan': 'style' };

/** Writes the fixture exports named in `names` (default all) under `dir`/models/ and returns their index entries. */
export async function writeFixtureExports(dir: string, names = Object.keys(fixturePanels)): Promise<FixtureExport[]> {
  const style = await styleNetworks(40);
  const fixtures: { name: string; manifest: ExportManifest; models: Record<string, tf.LayersModel> }[] = [
    {
      name: 'fixture-pix2pix',
      manifest: manifest('pix2pix', { kind: 'image', size: 32, channels: 3, scale: 1, draw: { background: '#ffffff', pen: '#000000', penWidth: 2 } }, [32, 32, 3], { generator: 'model.json' }),
      models: { generator: translator('generator', 32, 3, 20) },
    },
    {
      name: 'fixture-cyclegan',
      manifest: manifest('cyclegan', { kind: 'image', size: 32, channels: 3, scale: 1 }, [32, 32, 3], { generator: 'model.json', reverse: 'reverse/model.json' }),
      models: { generator: translator('generator', 32, 3, 30), reverse: translator('generator-ba', 32, 3, 32) },
    },
    {
      name: 'fixture-srgan',
      manifest: manifest('srgan', { kind: 'image', size: 16, channels: 3, scale: 4 }, [64, 64, 3], { generator: 'model.json' }),
      models: {
        // SRGAN's upsampler: a conv to 3·4² channels, then core's PixelShuffle (a custom layer the page must register).
        generator: (() => {
          const model = tf.sequential({ name: 'generator' });
          model.add(tf.layers.conv2d({ inputShape: [16, 16, 3], filters: 3 * 16, kernelSize: 3, padding: 'same', kernelInitializer: seeded(50) }));
          model.add(new PixelShuffle({ factor: 4 }));
          model.add(tf.layers.activation({ activation: 'tanh' }));
          return model;
        })(),
      },
    },
    {
      name: 'fixture-stylegan',
      manifest: manifest('stylegan', style.input, [16, 16, 3], { generator: 'model.json', mapping: 'mapping/model.json', synthesis: 'synthesis/model.json' }),
      models: { generator: style.generator, mapping: style.mapping, synthesis: style.synthesis },
    },
  ];
  const chosen = fixtures.filter((fixture) => names.includes(fixture.name));
  for (const fixture of chosen) {
    const folder = join(dir, 'models', fixture.name);
    for (const [role, model] of Object.entries(fixture.models)) {
      await saveModel(model, role === 'generator' ? folder : join(folder, role));
    }
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, exportManifestFile), JSON.stringify(fixture.manifest));
  }
  return chosen.map(({ name, manifest }) => ({ name, manifest }));
}

/**
 * Two export folders the page must refuse with a message: `broken-no-manifest` (a model without
 * ganforge.json) and `broken-mismatch` (a 32 px translator whose ganforge.json says 64 px).
 */
export async function writeBrokenExports(dir: string): Promise<string[]> {
  const missing = join(dir, 'models', 'broken-no-manifest');
  await saveModel(translator('generator', 32, 3, 60), missing);
  const mismatch = join(dir, 'models', 'broken-mismatch');
  await saveModel(translator('generator', 32, 3, 61), mismatch);
  const wrong = manifest('pix2pix', { kind: 'image', size: 64, channels: 3, scale: 1 }, [64, 64, 3], { generator: 'model.json' });
  await writeFile(join(mismatch, exportManifestFile), JSON.stringify(wrong));
  return ['broken-no-manifest', 'broken-mismatch'];
}
