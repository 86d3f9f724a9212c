// The in-memory image dataset that every data source produces and the training loop consumes.

/** A set of same-sized 8-bit images with optional class labels. */
export interface ImageDataset {
  /** Where it came from: a folder path or a built-in dataset's name and split. */
  name: string;
  /** Number of images. */
  count: number;
  /** Image height in pixels. */
  height: number;
  /** Image width in pixels. */
  width: number;
  /** 1 = grayscale, 3 = RGB. */
  channels: 1 | 3;
  /** Pixel values 0..255, [count, height, width, channels]. */
  images: Uint8Array;
  /** Class index of each image, [count]; all 0 when unlabeled. */
  labels: Int32Array;
  /** Class names indexed by label; [] when unlabeled. */
  classNames: string[];
}

/**
 * What a training run reads. `images` alone for noise-driven families (and SRGAN's high-resolution
 * images). Translation families add `source`: with `paired` true, source image i is the input whose
 * target is images[i] (pix2pix: A -> B); with `paired` false, source is an independent second domain
 * (CycleGAN: A, with images as B).
 */
export interface TrainingData {
  images: ImageDataset;
  source?: ImageDataset;
  paired?: boolean;
}

/** The size loaders resize images to: N (N x N) or height x width. */
export interface ImageSize {
  height: number;
  width: number;
}

/** A loader's size as height and width (a number is a square). */
export const imageSizeOf = (size: number | ImageSize): ImageSize => (typeof size === 'number' ? { height: size, width: size } : size);

/** Data that cannot be loaded (missing folder, no images, corrupt dataset file); the message says what to do. */
export class DataError extends Error {
  override name = 'DataError';
}
