/** Sample grids and held-out metrics: SR output beside bicubic upscaling of the same LR inputs. */
import * as tf from '@tensorflow/tfjs';
import type { Networks, RealBatch } from '@ganforge/core';
import type { TrainingData } from '@ganforge/core/data';
import { cropBorder, meanGradientPerImage, psnrPerImage, ssimPerImage, toLuma, toUnitRange } from '@ganforge/core/metrics';
import type { SrganConfig } from './config.js';
import { bicubicUpscale, lowResolution } from './data.js';
import { toChannels, upscaleImage } from './upscale.js';

/** Largest HR side shown in a sample grid (a centre crop of bigger images). */
const gridSide = 128;

/**
 * The run's sample grid: one row per example, bicubic | SR | HR, from a centre crop of at most
 * 128 px of each HR image. Caller disposes.
 */
export function sampleGrid(nets: Networks, batch: RealBatch, config: SrganConfig): { images: tf.Tensor4D; columns: number } {
  return tf.tidy(() => {
    const [n, h, w, c] = batch.images.shape;
    const side = (size: number) => Math.min(size, gridSide) - (Math.min(size, gridSide) % config.scale);
    const [sh, sw] = [side(h), side(w)];
    const hr = tf.slice(batch.images, [0, (h - sh) >> 1, (w - sw) >> 1, 0], [n, sh, sw, c]);
    const lr = lowResolution(hr, config.scale);
    const bicubic = bicubicUpscale(lr, config.scale);
    const sr = tf.clipByValue(nets.generator.predict(lr) as tf.Tensor4D, -1, 1);
    // [N, 3, h, w, C] -> rows of (bicubic, SR, HR)
    const rows = tf.stack([bicubic, sr, hr], 1);
    return { images: tf.reshape(rows, [3 * n, sh, sw, c]) as tf.Tensor4D, columns: 3 };
  });
}

/**
 * PSNR (dB) and SSIM on the luma channel Y (BT.601, as MATLAB's rgb2ycbcr) of each held-out HR
 * image against its SR output and against bicubic upscaling of the same LR input, with `scale`
 * pixels cut from every border (the SR papers' convention), averaged over images. LR inputs are
 * made by bicubic downsampling and rounding to 8 bits; SR and bicubic outputs are rounded to
 * 8 bits too, as saved images are. Images are cropped to a multiple of the scale first.
 * Sharpness is the mean absolute luma gradient (|∂x Y| + |∂y Y|, 8-bit levels) of the same
 * border-cropped Y, for SR, bicubic and HR: blur lowers it, edges and texture (and noise) raise it.
 */
export async function evaluate(nets: Networks, data: TrainingData, config: SrganConfig): Promise<Record<string, number>> {
  const { images: dataset } = data;
  const { scale } = config;
  const h = dataset.height - (dataset.height % scale);
  const w = dataset.width - (dataset.width % scale);
  const pixels = dataset.height * dataset.width * dataset.channels;
  const totals = { psnr: 0, ssim: 0, bicubicPsnr: 0, bicubicSsim: 0, sharpness: 0, bicubicSharpness: 0, hrSharpness: 0 };
  for (let i = 0; i < dataset.count; i++) {
    const image = toChannels({ width: dataset.width, height: dataset.height, channels: dataset.channels, data: dataset.images.subarray(i * pixels, (i + 1) * pixels) }, config.channels);
    const hr = tf.tidy(() => {
      const full = tf.tensor4d(Float32Array.from(image.data), [1, image.height, image.width, image.channels]);
      return tf.sub(tf.div(tf.slice(full, [0, 0, 0, 0], [1, h, w, image.channels]), 127.5), 1) as tf.Tensor4D; // [1, h, w, C] in [-1, 1]
    });
    const lr = lowResolution(hr, scale);
    const lrLevels = tf.tidy(() => tf.round(tf.mul(tf.add(lr, 1), 127.5)));
    const lrPixels = { width: w / scale, height: h / scale, channels: config.channels, data: Uint8Array.from(await lrLevels.data()) };
    lrLevels.dispose();
    const sr = await upscaleImage(nets.generator, lrPixels, config);
    const scores = async (output: tf.Tensor4D) => {
      const [a, b] = tf.tidy(() => [hr, output].map((x) => cropBorder(toLuma(toUnitRange(x)), scale)));
      const result = {
        psnr: (await psnrPerImage(a!, b!))[0]!,
        ssim: (await ssimPerImage(a!, b!))[0]!,
        sharpness: 255 * (await meanGradientPerImage(b!))[0]!,
        hrSharpness: 255 * (await meanGradientPerImage(a!))[0]!,
      };
      tf.dispose([a!, b!]);
      return result;
    };
    const srTensor = tf.tidy(() => tf.sub(tf.div(tf.tensor4d(Float32Array.from(sr.data), [1, sr.height, sr.width, sr.channels]), 127.5), 1) as tf.Tensor4D);
    const bicubic = bicubicUpscale(lr, scale);
    const ours = await scores(srTensor);
    const baseline = await scores(bicubic);
    tf.dispose([hr, lr, srTensor, bicubic]);
    totals.psnr += ours.psnr;
    totals.ssim += ours.ssim;
    totals.bicubicPsnr += baseline.psnr;
    totals.bicubicSsim += baseline.ssim;
    totals.sharpness += ours.sharpness;
    totals.bicubicSharpness += baseline.sharpness;
    totals.hrSharpness += ours.hrSharpness;
  }
  const n = dataset.count;
  const mean = Object.fromEntries(Object.entries(totals).map(([name, total]) => [name, total / n])) as typeof totals;
  return { ...mean, psnrGain: mean.psnr - mean.bicubicPsnr, images: n };
}
