/**
 * Stands in for `pngjs` in the page. @ganforge/core's image codecs import it at module load, and
 * pngjs needs Node's stream, zlib and util (`util.inherits` throws in a browser), so vite.config.ts
 * aliases it here. The page decodes and draws images with canvases and never calls these.
 */
const unavailable = (): never => {
  throw new Error('PNG encoding and decoding with pngjs is not available in the browser demo; use a canvas');
};

export class PNG {
  static sync = { read: unavailable, write: unavailable };
  constructor() {
    unavailable();
  }
}
