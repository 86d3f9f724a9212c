/**
 * Images whose height differs from their width. A family that trains on them spreads
 * `...imageShapeFields` into its config table beside its `imageSize`: `imageHeight` and
 * `imageWidth`, 0 meaning imageSize, so a square config (every preset, every checkpoint written
 * before these fields existed) reads as it always did. Its code reads the shape with imageShapeOf
 * and never imageSize alone. Families whose networks are square by design (ProGAN, StyleGAN) leave
 * the fields out and refuse other shapes in one line (squareByDesign).
 */
import type { ImageSize } from '../data/dataset.js';
import { ConfigError, type DataShape } from './architecture.js';
import { field } from './config-fields.js';

/** The config fields of a family that trains on images of any height and width. */
export const imageShapeFields = {
  imageHeight: field(0, 'image height when it differs from the width (--size HxW); 0 = imageSize'),
  imageWidth: field(0, 'image width when it differs from the height (--size HxW); 0 = imageSize'),
};

/** A config's image size fields; imageHeight and imageWidth absent or 0 mean imageSize. */
export interface ImageSizeFields {
  imageSize: number;
  imageHeight?: number;
  imageWidth?: number;
}

/** The images a config trains on: imageHeight x imageWidth where set (not 0), else imageSize x imageSize. */
export const imageShapeOf = ({ imageSize, imageHeight, imageWidth }: ImageSizeFields): ImageSize => ({ height: imageHeight || imageSize, width: imageWidth || imageSize });

/** `32` for a square, else `32x64` (height x width), as `--size` takes it. */
export const formatShape = (shape: ImageSize): string => (shape.height === shape.width ? String(shape.height) : `${shape.height}x${shape.width}`);

/**
 * `--size`'s text: `N` (N x N) or `HxW` (height x width), whole numbers from 1. Throws a one-line
 * ConfigError otherwise.
 */
export function parseImageSize(text: string): ImageSize {
  const match = /^\s*(\d+)\s*(?:[xX×]\s*(\d+)\s*)?$/.exec(text);
  const [height, width] = match ? [Number(match[1]), Number(match[2] ?? match[1])] : [0, 0];
  if (!(height >= 1 && width >= 1)) throw new ConfigError(`--size takes N or HxW in pixels (e.g. 64 or 32x64), got "${text}"`);
  return { height, width };
}

/**
 * The size fields for `shape`: a square is imageSize alone (imageHeight = imageWidth = 0, as every
 * square config reads); other shapes set imageHeight and imageWidth, and imageSize to 0 so that
 * nothing reads a side that is not there.
 */
export const imageShapeSettings = (shape: ImageSize): Required<ImageSizeFields> =>
  shape.height === shape.width
    ? { imageSize: shape.height, imageHeight: 0, imageWidth: 0 }
    : { imageSize: 0, imageHeight: shape.height, imageWidth: shape.width };

/**
 * The config fields `--size` sets in a family whose defaults are `defaults`: imageSize and, where
 * the family has them, imageHeight and imageWidth (imageShapeSettings); a shape that is not square
 * for a family without them is squareByDesign's one line.
 */
export function imageSizeOverrides(family: string, defaults: object, shape: ImageSize): Partial<Required<ImageSizeFields>> {
  if ('imageHeight' in defaults) return imageShapeSettings(shape);
  if (shape.height !== shape.width) throw squareByDesign(family, shape);
  return { imageSize: shape.height };
}

/**
 * The start of `fitToData` for families of images of any shape: the config with the data's height,
 * width (see imageShapeSettings) and channels.
 */
export function fitImages<C extends ImageSizeFields & { channels: 1 | 3 }>(config: C, shape: DataShape): C {
  return { ...config, ...imageShapeSettings(shape), channels: shape.channels };
}

/** The one line refusing images that are not square, for a family whose networks are square by design. */
export const squareByDesign = (family: string, shape: ImageSize): ConfigError =>
  new ConfigError(`${family} needs square images, got ${shape.height}x${shape.width}: its networks are square by design; pass --size N (e.g. --size ${Math.min(shape.height, shape.width)})`);

/**
 * The valid shapes nearest to `shape` (fewest pixels changed over both sides, ties all listed,
 * heights then widths ascending), looking up to `reach` pixels each way; [] when none is that near.
 */
export function nearestValidShapes(shape: ImageSize, valid: (candidate: ImageSize) => boolean, reach = 64): ImageSize[] {
  const square = shape.height === shape.width;
  for (let distance = 1; distance <= 2 * reach; distance++) {
    const found: ImageSize[] = [];
    for (let dh = -Math.min(distance, reach); dh <= Math.min(distance, reach); dh++) {
      for (const dw of square ? [dh] : [...new Set([distance - Math.abs(dh), Math.abs(dh) - distance])]) {
        if (!square && Math.abs(dw) > reach) continue;
        if (square && 2 * Math.abs(dh) !== distance) continue;
        const candidate = { height: shape.height + dh, width: shape.width + dw };
        if (candidate.height >= 1 && candidate.width >= 1 && valid(candidate)) found.push(candidate);
      }
    }
    if (found.length > 0) return found.sort((a, b) => a.height - b.height || a.width - b.width);
  }
  return [];
}

/** `; nearest valid sizes: 28x64, 32x64` (as --size takes them), or '' when there is none near. */
export function nearestSizesHint(shape: ImageSize, valid: (candidate: ImageSize) => boolean): string {
  const near = nearestValidShapes(shape, valid);
  return near.length === 0 ? '' : `; nearest valid sizes: ${near.map(formatShape).join(', ')}`;
}
