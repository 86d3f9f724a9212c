/**
 * Scatter plots of 2-D points drawn with tensor ops (scatterND counts, a disc-shaped conv for the
 * dot size, alpha compositing), so a plot never reads points back to the CPU: the training loop's
 * synchronous sample grids use it, and in a browser it stays on the GPU until tf.browser.toPixels.
 */
import * as tf from '@tensorflow/tfjs';

export type Rgb = readonly [number, number, number];

export interface ScatterLayer {
  /** Points [N, 2]; points outside the window are left out. Not disposed. */
  points: tf.Tensor2D;
  /** 0..255 per channel. */
  color: Rgb;
  /** Dot radius in pixels: 0 is one pixel. Default 1. */
  radius?: number;
  /** Opacity of one dot; overlapping dots build up (1 - (1 - alpha)^count). Default 0.35. */
  alpha?: number;
}

export interface ScatterOptions {
  /** Width and height in pixels. Default 400. */
  size?: number;
  /** Square data window [min, max] on both axes. */
  window: readonly [number, number];
  /** Drawn in order: later layers on top. */
  layers: ScatterLayer[];
  /** Spacing of the light grid lines in data units; 0 for none. Default 1. */
  gridStep?: number;
}

/** Colours of the sample grids: real points blue, generated points orange (matplotlib's tab10). */
export const scatterColors = { real: [31, 119, 180] as Rgb, generated: [255, 127, 14] as Rgb };

/** White with light grid lines every gridStep and darker axes, [S, S, 3] values in [0, 1]. */
function background(size: number, [low, high]: readonly [number, number], gridStep: number): Float32Array {
  const data = new Float32Array(size * size * 3).fill(1);
  if (gridStep <= 0) return data;
  const toPixel = (v: number) => Math.round(((v - low) / (high - low)) * (size - 1));
  for (let v = Math.ceil(low / gridStep) * gridStep; v <= high + 1e-9; v += gridStep) {
    const column = toPixel(v);
    const row = size - 1 - column;
    const shade = Math.abs(v) < 1e-9 ? 0.75 : 0.9;
    for (let t = 0; t < size; t++) {
      data.fill(shade, (t * size + column) * 3, (t * size + column) * 3 + 3);
      data.fill(shade, (row * size + t) * 3, (row * size + t) * 3 + 3);
    }
  }
  return data;
}

/** Number of layer points on each pixel, [1, S, S, 1], row 0 at the top (y = window max). */
function pointCounts(points: tf.Tensor2D, size: number, [low, high]: readonly [number, number]): tf.Tensor4D {
  return tf.tidy(() => {
    const scaled = tf.round(tf.mul(tf.div(tf.sub(points, low), high - low), size - 1)); // [N, 2] pixel x, y
    const finite = tf.where(tf.isNaN(scaled), tf.fill(scaled.shape, -1), scaled);
    const [px, py] = tf.split(finite, 2, 1) as [tf.Tensor2D, tf.Tensor2D]; // [N, 1] each
    const row = tf.sub(size - 1, py);
    const inside = tf.logicalAnd(
      tf.logicalAnd(tf.greaterEqual(px, 0), tf.lessEqual(px, size - 1)),
      tf.logicalAnd(tf.greaterEqual(row, 0), tf.lessEqual(row, size - 1)),
    ); // [N, 1]
    const indices = tf.cast(tf.clipByValue(tf.concat([row, px], 1), 0, size - 1), 'int32'); // [N, 2] (row, column)
    const counts = tf.scatterND(indices, tf.reshape(tf.cast(inside, 'float32'), [-1]), [size, size]); // [S, S]
    return tf.reshape(counts, [1, size, size, 1]);
  });
}

/** A disc of ones of the given radius, as a conv kernel [2r+1, 2r+1, 1, 1]. */
function disc(radius: number): tf.Tensor4D {
  const width = 2 * radius + 1;
  const values = Array.from({ length: width * width }, (_, i) => {
    const dy = Math.floor(i / width) - radius;
    const dx = (i % width) - radius;
    return dx * dx + dy * dy <= radius * radius + radius ? 1 : 0;
  });
  return tf.tensor4d(values, [width, width, 1, 1]);
}

/** The plot as [S, S, 3] in [0, 1], row 0 at the top. Caller disposes. */
export function renderScatter(options: ScatterOptions): tf.Tensor3D {
  const { size = 400, window, gridStep = 1 } = options;
  return tf.tidy(() => {
    let image: tf.Tensor = tf.tensor4d(background(size, window, gridStep), [1, size, size, 3]);
    for (const { points, color, radius = 1, alpha = 0.35 } of options.layers) {
      let counts: tf.Tensor4D = pointCounts(points, size, window);
      if (radius > 0) counts = tf.conv2d(counts, disc(Math.round(radius)), 1, 'same');
      const coverage = tf.sub(1, tf.pow(1 - alpha, counts)); // [1, S, S, 1]
      const paint = tf.tensor1d(color.map((c) => c / 255)); // [3]
      image = tf.add(tf.mul(image, tf.sub(1, coverage)), tf.mul(paint, coverage));
    }
    return tf.reshape(image, [size, size, 3]) as tf.Tensor3D;
  });
}
