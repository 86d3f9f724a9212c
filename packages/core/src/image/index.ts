export {
  decodeImage,
  encodePng,
  ImageDecodeError,
  makeGrid,
  resizeImage,
  type ImageBatch,
  type PixelImage,
} from './image.js';
export { tensorGrid } from './tensor-grid.js';
export { bicubicResize, bicubicWeights, keysCubic, type BicubicOptions } from './bicubic.js';
