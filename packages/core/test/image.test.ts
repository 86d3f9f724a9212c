import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';

import { decodeImage, encodePng, ImageDecodeError, makeGrid, resizeImage, type PixelImage } from '../src/image/index.js';

/** A w x h image whose pixel values follow f(x, y, c). */
function pattern(width: number, height: number, channels: 1 | 3, f: (x: number, y: number, c: number) => number): PixelImage {
  const data = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) for (let c = 0; c < channels; c++) data[(y * width + x) * channels + c] = f(x, y, c);
  return { width, height, channels, data };
}

describe('PNG', () => {
  it.each([1, 3] as const)('round-trips %i-channel images exactly', (channels) => {
    const image = pattern(7, 5, channels, (x, y, c) => (x * 37 + y * 11 + c * 101) % 256);
    expect(decodeImage(encodePng(image), 'x.png')).toEqual(image);
  });

  it('composites the alpha channel on black', () => {
    const png = new PNG({ width: 2, height: 1 });
    png.data = Buffer.from([200, 100, 50, 255, 200, 100, 50, 0]);
    const rgba = decodeImage(PNG.sync.write(png), 'rgba.png');
    expect(rgba.channels).toBe(3);
    expect(Array.from(rgba.data)).toEqual([200, 100, 50, 0, 0, 0]);
  });
});

describe('decodeImage', () => {
  it('decodes a JPEG (detected by magic bytes, whatever the name) to close RGB pixels', () => {
    const rgba = Buffer.alloc(16 * 16 * 4);
    for (let p = 0; p < 256; p++) rgba.set([(p % 16) * 16, Math.floor(p / 16) * 16, 128, 255], p * 4);
    const bytes = jpeg.encode({ width: 16, height: 16, data: rgba }, 95).data;
    const image = decodeImage(bytes, 'photo.png');
    expect([image.width, image.height, image.channels]).toEqual([16, 16, 3]);
    let maxError = 0;
    for (let p = 0; p < 256; p++)
      for (let c = 0; c < 3; c++) maxError = Math.max(maxError, Math.abs(image.data[p * 3 + c]! - rgba[p * 4 + c]!));
    expect(maxError).toBeLessThan(12);
  });

  it('throws ImageDecodeError naming the file for non-images and corrupt images', () => {
    expect(() => decodeImage(new TextEncoder().encode('hello'), 'data/notes.png')).toThrow(ImageDecodeError);
    expect(() => decodeImage(new Uint8Array(), 'data/empty.jpg')).toThrow(/"data\/empty.jpg": not a PNG or JPEG/);
    const truncated = encodePng(pattern(8, 8, 3, () => 9)).subarray(0, 40);
    expect(() => decodeImage(truncated, 'a/b.png')).toThrow(/cannot decode image "a\/b.png": corrupt PNG.*remove it or convert/);
    expect(() => decodeImage(Uint8Array.from([0xff, 0xd8, 0xff, 0, 1, 2]), 'c.jpg')).toThrow(/"c.jpg": corrupt JPEG/);
  });
});

describe('resizeImage', () => {
  it('centre-crops to a square and area-averages 2x2 blocks', () => {
    // 6 x 4: the crop keeps columns 1..4; value = 10 * x + 50 * y
    const image = pattern(6, 4, 1, (x, y) => 10 * x + 50 * y);
    const out = resizeImage(image, 2, 1);
    // block (0,0): x 1..2, y 0..1 -> mean of 10, 20, 60, 70 = 40
    expect(Array.from(out.data)).toEqual([40, 60, 140, 160]);
  });

  it('averages fractional overlaps when the ratio is not an integer', () => {
    const image = pattern(3, 3, 1, (x) => [0, 90, 180][x]!);
    // 3 -> 2: output 0 covers x in [0, 1.5): (0 * 1 + 90 * 0.5) / 1.5 = 30
    expect(Array.from(resizeImage(image, 2, 1).data)).toEqual([30, 150, 30, 150]);
  });

  it('centre-crops to the aspect of height x width and resizes to it', () => {
    // 8 x 8 to 2 x 4: the crop keeps rows 2..5 (8 x 4), then 2x2 blocks; value = x + 10 * y
    const image = pattern(8, 8, 1, (x, y) => x + 10 * y);
    const out = resizeImage(image, { height: 2, width: 4 }, 1);
    expect([out.height, out.width]).toEqual([2, 4]);
    expect(Array.from(out.data)).toEqual([25.5, 27.5, 29.5, 31.5, 45.5, 47.5, 49.5, 51.5].map(Math.round));
    // 4 x 2 (tall) from 4 x 4: the crop keeps columns 1..2
    expect(Array.from(resizeImage(pattern(4, 4, 1, (x) => 10 * x), { height: 4, width: 2 }, 1).data)).toEqual([10, 20, 10, 20, 10, 20, 10, 20]);
  });

  it('upscales bilinearly and converts channels by luma or by repeating', () => {
    const gray = pattern(2, 2, 1, (x) => x * 200);
    expect(Array.from(resizeImage(gray, 4, 1).data.subarray(0, 4))).toEqual([0, 50, 150, 200]);
    expect(Array.from(resizeImage(gray, 2, 3).data)).toEqual([0, 0, 0, 200, 200, 200, 0, 0, 0, 200, 200, 200]);
    const rgb = pattern(1, 1, 3, (_x, _y, c) => [100, 200, 50][c]!);
    expect(resizeImage(rgb, 1, 1).data[0]).toBe(Math.round(0.299 * 100 + 0.587 * 200 + 0.114 * 50));
  });
});

describe('makeGrid', () => {
  it('places image k at row k / columns, column k % columns, and maps [-1, 1] to 0..255', () => {
    const count = 5;
    const [height, width, channels] = [2, 3, 1] as const;
    const data = new Float32Array(count * height * width).map((_, i) => -1 + (2 * Math.floor(i / 6)) / 4);
    data[0] = -3; // clamped to 0
    data[6 * 4 + 5] = 2; // last pixel of image 4, clamped to 255
    const grid = makeGrid({ data, count, height, width, channels }, undefined, 1);
    // 3 columns, 2 rows: width 3 * (3 + 1) + 1, height 2 * (2 + 1) + 1
    expect([grid.width, grid.height, grid.channels]).toEqual([13, 7, 1]);
    const at = (x: number, y: number) => grid.data[y * grid.width + x];
    const cell = (k: number) => ({ x: 1 + (k % 3) * 4, y: 1 + Math.floor(k / 3) * 3 });
    const expected = [0, 64, 128, 191, 255]; // round((v + 1) * 127.5) for v = -1, -0.5, 0, 0.5, 1
    for (let k = 0; k < count; k++) expect(at(cell(k).x + 1, cell(k).y)).toBe(expected[k]);
    expect(at(cell(0).x, cell(0).y)).toBe(0);
    expect(at(cell(4).x + 2, cell(4).y + 1)).toBe(255);
    expect(at(0, 0)).toBe(0); // padding
    expect(at(cell(1).x - 1, cell(1).y)).toBe(0);
    expect(at(cell(5).x, cell(5).y)).toBe(0); // empty cell
  });
});
