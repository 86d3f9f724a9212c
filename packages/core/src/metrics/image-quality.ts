/**
 * Full-reference image quality: PSNR and SSIM between a batch of outputs and their targets, plus
 * the luma conversion and border crop that super-resolution papers apply before measuring.
 *
 * Value range convention: every function takes [N, H, W, C] float tensors whose pixels lie in
 * [0, maxValue] (default maxValue 1, i.e. images in [0, 1]). ganforge's networks work in [-1, 1]:
 * map them first with `toUnitRange` ((x + 1) / 2). To reproduce figures reported on 8-bit images,
 * pass images in [0, 255] with `maxValue: 255`, or images in [0, 1] with the default: PSNR and SSIM
 * are the same either way.
 *
 * Scores are computed per image and then averaged over the batch (the convention of SR papers and
 * of Wang et al.'s released code, which scores one image at a time).
 */
import * as tf from '@tensorflow/tfjs';

/** Options of {@link psnr} and {@link ssim}. */
export interface ImageQualityOptions {
  /** Peak pixel value (data range) of the inputs; default 1 for images in [0, 1]; 255 for 8-bit. */
  maxValue?: number;
}

function checkPair(a: tf.Tensor4D, b: tf.Tensor4D, what: string): void {
  if (a.rank !== 4 || b.rank !== 4) {
    throw new Error(`${what} needs [N, H, W, C] tensors; got shapes [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`);
  }
  if (a.shape.some((d, i) => d !== b.shape[i])) {
    throw new Error(`${what} needs two batches of the same shape; got [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`);
  }
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

/** ganforge images in [-1, 1] -> [0, 1]: (x + 1) / 2. Caller disposes. */
export const toUnitRange = (images: tf.Tensor4D): tf.Tensor4D => tf.tidy(() => tf.div(tf.add(images, 1), 2));

/**
 * Peak signal-to-noise ratio of each image pair, in dB: 10 log10(maxValue² / MSE), MSE over all
 * pixels and channels of the image. Identical images give Infinity.
 * @param a [N, H, W, C] in [0, maxValue]
 * @param b same shape and range as `a`
 */
export async function psnrPerImage(a: tf.Tensor4D, b: tf.Tensor4D, options: ImageQualityOptions = {}): Promise<number[]> {
  checkPair(a, b, 'psnr');
  const maxValue = options.maxValue ?? 1;
  const mse = tf.tidy(() => tf.mean(tf.squaredDifference(tf.cast(a, 'float32'), tf.cast(b, 'float32')), [1, 2, 3])); // [N]
  const values = await mse.data();
  mse.dispose();
  return Array.from(values, (m) => (m === 0 ? Infinity : 10 * Math.log10((maxValue * maxValue) / m)));
}

/** Mean over the batch of {@link psnrPerImage}, in dB; Infinity when any pair is identical. */
export async function psnr(a: tf.Tensor4D, b: tf.Tensor4D, options: ImageQualityOptions = {}): Promise<number> {
  return mean(await psnrPerImage(a, b, options));
}

/** SSIM constants of Wang et al. 2004 (Sec. III-C): 11 x 11 Gaussian window, σ = 1.5, K1 = 0.01, K2 = 0.03. */
export const ssimConstants = { windowSize: 11, sigma: 1.5, k1: 0.01, k2: 0.03 } as const;

/** A normalised size x size Gaussian, as MATLAB's fspecial('gaussian', size, sigma): [size * size]. */
export function gaussianWindow(size: number, sigma: number): Float32Array {
  const half = (size - 1) / 2;
  const w = new Float32Array(size * size);
  let total = 0;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const v = Math.exp(-((x - half) ** 2 + (y - half) ** 2) / (2 * sigma * sigma));
      w[y * size + x] = v;
      total += v;
    }
  }
  return w.map((v) => v / total);
}

/**
 * Structural similarity of each image pair (Wang, Bovik, Sheikh & Simoncelli 2004, "Image quality
 * assessment: from error visibility to structural similarity"), as their ssim_index.m computes it:
 * local means, variances and covariance under an 11 x 11 Gaussian window (σ = 1.5) at every
 * position where the window fits ('valid'), population statistics,
 * SSIM = (2 μa μb + C1)(2 σab + C2) / ((μa² + μb² + C1)(σa² + σb² + C2)), C1 = (K1 L)², C2 = (K2 L)²,
 * L = maxValue; the map is averaged over positions and channels (each channel scored alone, as
 * scikit-image's channel_axis does). Images smaller than 11 pixels use the largest odd window that
 * fits, with the same σ (a departure from the paper, only for tiny test images).
 * @param a [N, H, W, C] in [0, maxValue]
 * @param b same shape and range as `a`
 */
export async function ssimPerImage(a: tf.Tensor4D, b: tf.Tensor4D, options: ImageQualityOptions = {}): Promise<number[]> {
  checkPair(a, b, 'ssim');
  const [, height, width, channels] = a.shape;
  const maxValue = options.maxValue ?? 1;
  const { k1, k2, sigma } = ssimConstants;
  let size = Math.min(ssimConstants.windowSize, height, width);
  if (size % 2 === 0) size -= 1;
  const c1 = (k1 * maxValue) ** 2;
  const c2 = (k2 * maxValue) ** 2;
  const scores = tf.tidy(() => {
    const weights = gaussianWindow(size, sigma);
    // Depthwise filter: the same window for every channel, [size, size, C, 1].
    const kernel = tf.tile(tf.reshape(tf.tensor1d(weights), [size, size, 1, 1]), [1, 1, channels, 1]) as tf.Tensor4D;
    const filter = (x: tf.Tensor4D) => tf.depthwiseConv2d(x, kernel, 1, 'valid'); // [N, H - size + 1, W - size + 1, C]
    // Variances and covariance are taken of images centred on their own mean (per image and
    // channel): they do not change, and E[x²] - μ² then cancels far less in float32.
    const x = tf.cast(a, 'float32');
    const y = tf.cast(b, 'float32');
    const meanX = tf.mean(x, [1, 2], true); // [N, 1, 1, C]
    const meanY = tf.mean(y, [1, 2], true);
    const xc = tf.sub<tf.Tensor4D>(x, meanX);
    const yc = tf.sub<tf.Tensor4D>(y, meanY);
    const muXc = filter(xc);
    const muYc = filter(yc);
    const muX = tf.add(muXc, meanX);
    const muY = tf.add(muYc, meanY);
    const muXX = tf.square(muX);
    const muYY = tf.square(muY);
    const muXY = tf.mul(muX, muY);
    const varX = tf.sub(filter(tf.square<tf.Tensor4D>(xc)), tf.square(muXc));
    const varY = tf.sub(filter(tf.square<tf.Tensor4D>(yc)), tf.square(muYc));
    const covXY = tf.sub(filter(tf.mul<tf.Tensor4D>(xc, yc)), tf.mul(muXc, muYc));
    const numerator = tf.mul(tf.add(tf.mul(muXY, 2), c1), tf.add(tf.mul(covXY, 2), c2));
    const denominator = tf.mul(tf.add(tf.add(muXX, muYY), c1), tf.add(tf.add(varX, varY), c2));
    return tf.mean(tf.div(numerator, denominator), [1, 2, 3]); // [N]
  });
  const values = await scores.data();
  scores.dispose();
  return Array.from(values);
}

/** Mean over the batch of {@link ssimPerImage}; 1 for identical images. */
export async function ssim(a: tf.Tensor4D, b: tf.Tensor4D, options: ImageQualityOptions = {}): Promise<number> {
  return mean(await ssimPerImage(a, b, options));
}

/**
 * Luma Y of ITU-R BT.601 as MATLAB's rgb2ycbcr computes it, the channel on which super-resolution
 * papers (SRCNN, SRGAN, EDSR) report PSNR and SSIM:
 * Y = (16 + 65.481 R + 128.553 G + 24.966 B) / 255 for R, G, B in [0, 1], so Y lies in
 * [16/255, 235/255] (multiply by 255 for MATLAB's 8-bit scale). No rounding to 8 bits.
 * A 1-channel image is taken as R = G = B, giving Y = (16 + 219 g) / 255.
 * @param images [N, H, W, 3] or [N, H, W, 1] in [0, 1]
 * @returns [N, H, W, 1] in [0, 1] (use maxValue 1). Caller disposes.
 */
export function toLuma(images: tf.Tensor4D): tf.Tensor4D {
  const channels = images.shape[3];
  if (channels !== 3 && channels !== 1) {
    throw new Error(`toLuma needs RGB or grayscale images [N, H, W, 3 or 1]; got shape [${images.shape.join(', ')}]`);
  }
  return tf.tidy(() => {
    const coefficients = channels === 3 ? [65.481, 128.553, 24.966] : [65.481 + 128.553 + 24.966];
    const weights = tf.reshape(tf.tensor1d(coefficients.map((c) => c / 255)), [1, 1, channels, 1]) as tf.Tensor4D;
    return tf.add(tf.conv2d(tf.cast(images, 'float32'), weights, 1, 'valid'), 16 / 255);
  });
}

/**
 * Removes `pixels` rows and columns from every edge, as SR evaluations do (commonly the scale
 * factor) before PSNR/SSIM: [N, H, W, C] -> [N, H - 2p, W - 2p, C]. Caller disposes.
 */
export function cropBorder(images: tf.Tensor4D, pixels: number): tf.Tensor4D {
  const [n, height, width, channels] = images.shape;
  if (!Number.isInteger(pixels) || pixels < 0) throw new Error(`cropBorder needs a whole number of pixels, 0 or more; got ${pixels}`);
  if (2 * pixels >= height || 2 * pixels >= width) {
    throw new Error(`cropBorder of ${pixels} pixels leaves nothing of ${height} x ${width} images`);
  }
  return tf.slice(images, [0, pixels, pixels, 0], [n, height - 2 * pixels, width - 2 * pixels, channels]);
}

/**
 * Mean absolute gradient of each image, mean |∂x| + mean |∂y| over its pixels and channels, from
 * differences of horizontal and vertical neighbours: a simple sharpness score (blur lowers it,
 * edges and texture raise it; so does noise). On luma in [0, 1], times 255 gives 8-bit levels.
 * @param images [N, H, W, C], H and W at least 2
 */
export async function meanGradientPerImage(images: tf.Tensor4D): Promise<number[]> {
  const [n, height, width, channels] = images.shape;
  if (height < 2 || width < 2) throw new Error(`meanGradientPerImage needs images of at least 2 x 2 pixels; got ${height} x ${width}`);
  const scores = tf.tidy(() => {
    const dx = tf.abs(tf.sub(tf.slice(images, [0, 0, 1, 0], [n, height, width - 1, channels]), tf.slice(images, [0, 0, 0, 0], [n, height, width - 1, channels])));
    const dy = tf.abs(tf.sub(tf.slice(images, [0, 1, 0, 0], [n, height - 1, width, channels]), tf.slice(images, [0, 0, 0, 0], [n, height - 1, width, channels])));
    return tf.add(tf.mean(dx, [1, 2, 3]), tf.mean(dy, [1, 2, 3])); // [N]
  });
  const values = Array.from(await scores.data());
  scores.dispose();
  return values;
}
