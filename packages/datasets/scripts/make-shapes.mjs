// Generates the small procedural image-to-image sets under data/ as PNG folders, deterministically
// (seeded), for ganforge's pix2pix and CycleGAN tests and first runs. The output is committed; to
// rebuild it: `pnpm --filter @ganforge/datasets build:shapes` (or `node scripts/make-shapes.mjs
// [outDir] [--size 64]` to write it elsewhere or at another size; default 32). No dependencies: PNGs are
// encoded with node:zlib.
//
// - edges2shapes (paired, pix2pix's side-by-side format: A | B in one 2S x S image): B holds 1-3
//   filled shapes on white, coloured by kind (circle red, square blue, triangle green); A is B's
//   edge map: 1-pixel outlines on white, where the shape label changes, drawn in the shape's colour.
//   Translating A -> B means filling each outline (inside, not outside) with its colour. (With black
//   outlines the colour would have to come from recognising the kind; a small U-Net on a CPU did not
//   get there in a first run of minutes.)
// - day2night (unpaired, CycleGAN's trainA/ trainB/ testA/ testB/): the same kind of landscape
//   (sky, sun or moon, rolling ground, houses with roofs and windows) by day (A) and by night (B):
//   a light blue sky and yellow sun against a dark blue sky and pale moon, dark houses with lit
//   windows. A and B scenes are drawn independently: no pairs.
// - circles2squares (unpaired): 1-2 filled circles (A) or squares (B) of six colours on light grey.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const args = process.argv.slice(2);
const sizeFlag = args.indexOf('--size');
const SIZE = sizeFlag >= 0 ? Number(args.splice(sizeFlag, 2)[1]) : 32;
const OUT = args[0] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'data');
if (!Number.isInteger(SIZE) || SIZE < 16) throw new Error(`--size must be a whole number of pixels, 16 or more; got ${SIZE}`);

/** Image counts per split (the same for every set and domain). */
const counts = { train: 400, test: 100 };

// ---- PNG encoding (8-bit RGB, filter 0 per row) -------------------------------------------------

const crcTable = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
const crc32 = (bytes) => {
  let c = -1;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
};
const chunk = (type, data) => {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
};
/** An RGB image { width, height, data: Uint8Array [H, W, 3] } as PNG bytes. */
function encodePng({ width, height, data }) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, deflate, filter set 0, no interlace
  const rows = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    rows[y * (1 + width * 3)] = 1; // "Sub" filter: flat colours become runs of zeros
    for (let x = 0; x < width * 3; x++) {
      const i = (y * width) * 3 + x;
      rows[y * (1 + width * 3) + 1 + x] = (data[i] - (x >= 3 ? data[i - 3] : 0)) & 0xff;
    }
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

// ---- drawing ------------------------------------------------------------------------------------

/** Mulberry32: seeded uniform numbers in [0, 1). */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const uniform = (rand, lo, hi) => lo + rand() * (hi - lo);
const pick = (rand, list) => list[Math.floor(rand() * list.length)];

const canvas = (size, colour) => {
  const data = new Uint8Array(size * size * 3);
  for (let p = 0; p < size * size; p++) data.set(colour, p * 3);
  return { width: size, height: size, data };
};
const setPixel = (image, x, y, colour) => {
  if (x >= 0 && y >= 0 && x < image.width && y < image.height) image.data.set(colour, (y * image.width + x) * 3);
};
/** Fills the pixels whose centres satisfy inside(x + 0.5, y + 0.5). */
const fill = (image, inside, colour) => {
  for (let y = 0; y < image.height; y++) for (let x = 0; x < image.width; x++) if (inside(x + 0.5, y + 0.5)) setPixel(image, x, y, colour);
};
const inCircle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const inRect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x < x1 && y >= y0 && y < y1;
/** Upright triangle: apex at (cx, top), base from (cx - half, bottom) to (cx + half, bottom). */
const inTriangle = (cx, top, half, bottom) => (x, y) => y <= bottom && y >= top && Math.abs(x - cx) <= (half * (y - top)) / (bottom - top);

// ---- edges2shapes -------------------------------------------------------------------------------

const KINDS = [
  { name: 'circle', colour: [220, 60, 50] },
  { name: 'square', colour: [50, 110, 220] },
  { name: 'triangle', colour: [60, 170, 80] },
];

/** One pair: [edges (A), filled shapes (B)]. */
function shapesPair(rand, size) {
  const s = size / 64; // sizes below are for 64 x 64, scaled
  const labels = new Int8Array(size * size).fill(-1); // kind index per pixel, -1 = background
  const shapes = 1 + Math.floor(rand() * 3);
  for (let k = 0; k < shapes; k++) {
    const kind = Math.floor(rand() * KINDS.length);
    const r = uniform(rand, 8, 16) * s;
    const cx = uniform(rand, r + 2 * s, size - r - 2 * s);
    const cy = uniform(rand, r + 2 * s, size - r - 2 * s);
    const inside = [inCircle(cx, cy, r), inRect(cx - 0.85 * r, cy - 0.85 * r, cx + 0.85 * r, cy + 0.85 * r), inTriangle(cx, cy - r, r * 1.05, cy + 0.8 * r)][kind];
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (inside(x + 0.5, y + 0.5)) labels[y * size + x] = kind + 10 * k;
  }
  const edges = canvas(size, [255, 255, 255]);
  const filled = canvas(size, [255, 255, 255]);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const label = labels[y * size + x];
      if (label < 0) continue;
      setPixel(filled, x, y, KINDS[label % 10].colour);
      // An edge is a shape pixel next to a pixel of another label (or the image border).
      const neighbours = [[x - 1, y], [x + 1, y], [x, y - 1], [x, y + 1]];
      const boundary = neighbours.some(([u, v]) => u < 0 || v < 0 || u >= size || v >= size || labels[v * size + u] !== label);
      if (boundary) setPixel(edges, x, y, KINDS[label % 10].colour);
    }
  }
  return [edges, filled];
}

/** A and B side by side in one 2S x S image (pix2pix's format). */
function sideBySide(a, b) {
  const { width, height } = a;
  const data = new Uint8Array(2 * width * height * 3);
  for (let y = 0; y < height; y++) {
    data.set(a.data.subarray(y * width * 3, (y + 1) * width * 3), y * 2 * width * 3);
    data.set(b.data.subarray(y * width * 3, (y + 1) * width * 3), (y * 2 + 1) * width * 3);
  }
  return { width: 2 * width, height, data };
}

// ---- day2night ----------------------------------------------------------------------------------

const mix = (a, b, t) => a.map((v, i) => Math.round(v + (b[i] - v) * t));
const DAY = {
  skyTop: [105, 165, 235], skyHorizon: [180, 215, 245], light: [255, 215, 60], ground: [85, 165, 70],
  houses: [[200, 85, 60], [230, 200, 150], [175, 175, 190], [150, 105, 70]], roof: [120, 50, 40], window: [60, 70, 95],
};
const NIGHT = {
  skyTop: [10, 14, 45], skyHorizon: [40, 45, 95], light: [235, 235, 210], ground: [25, 60, 35],
  houses: DAY.houses.map((c) => c.map((v) => Math.round(v * 0.35))), roof: [45, 20, 18], window: [255, 210, 90],
};

function landscape(rand, size, night) {
  const palette = night ? NIGHT : DAY;
  const s = size / 64;
  const image = canvas(size, [0, 0, 0]);
  const horizon = uniform(rand, 34, 44) * s;
  const amplitude = uniform(rand, 0, 4) * s;
  const period = uniform(rand, 30, 70) * s;
  const phase = uniform(rand, 0, 2 * Math.PI);
  const groundAt = (x) => horizon + amplitude * Math.sin((2 * Math.PI * x) / period + phase);
  for (let y = 0; y < size; y++) {
    const sky = mix(palette.skyTop, palette.skyHorizon, Math.min(1, y / horizon));
    for (let x = 0; x < size; x++) setPixel(image, x, y, y + 0.5 >= groundAt(x + 0.5) ? palette.ground : sky);
  }
  const r = uniform(rand, 4.5, 7) * s;
  fill(image, inCircle(uniform(rand, r + 2, size - r - 2), uniform(rand, r + 2, horizon - r - 6 * s), r), palette.light);
  const houses = 1 + Math.floor(rand() * 3);
  for (let h = 0; h < houses; h++) {
    const w = uniform(rand, 10, 16) * s;
    const x0 = uniform(rand, 1, size - w - 1);
    const base = groundAt(x0 + w / 2) + uniform(rand, 3, 10) * s;
    const height = uniform(rand, 8, 12) * s;
    fill(image, inRect(x0, base - height, x0 + w, base), pick(rand, palette.houses));
    fill(image, inTriangle(x0 + w / 2, base - height - 0.6 * w, 0.6 * w, base - height), palette.roof);
    const win = 3 * s;
    for (const fx of w > 13 * s ? [0.25, 0.75] : [0.5]) {
      fill(image, inRect(x0 + fx * w - win / 2, base - height + 2.5 * s, x0 + fx * w + win / 2, base - height + 2.5 * s + win), palette.window);
    }
  }
  return image;
}

// ---- circles2squares ----------------------------------------------------------------------------

const COLOURS = [[220, 60, 50], [50, 110, 220], [60, 170, 80], [240, 190, 40], [150, 70, 190], [30, 170, 180]];

function circlesOrSquares(rand, size, squares) {
  const s = size / 64;
  const image = canvas(size, [225, 225, 225]);
  const shapes = 1 + Math.floor(rand() * 2);
  for (let k = 0; k < shapes; k++) {
    const r = uniform(rand, 7, 14) * s;
    const cx = uniform(rand, r + 2 * s, size - r - 2 * s);
    const cy = uniform(rand, r + 2 * s, size - r - 2 * s);
    const half = 0.886 * r; // a square of the circle's area
    fill(image, squares ? inRect(cx - half, cy - half, cx + half, cy + half) : inCircle(cx, cy, r), pick(rand, COLOURS));
  }
  return image;
}

// ---- writing ------------------------------------------------------------------------------------

let bytes = 0;
const write = (path, image) => {
  mkdirSync(dirname(path), { recursive: true });
  const png = encodePng(image);
  writeFileSync(path, png);
  bytes += png.length;
};
const name = (i) => `${String(i).padStart(4, '0')}.png`;

for (const set of ['edges2shapes', 'day2night', 'circles2squares']) rmSync(join(OUT, set), { recursive: true, force: true });
for (const [split, count] of Object.entries(counts)) {
  const seed = split === 'train' ? 1 : 2;
  const pairs = random(1000 + seed);
  for (let i = 0; i < count; i++) write(join(OUT, 'edges2shapes', split, name(i)), sideBySide(...shapesPair(pairs, SIZE)));
  const [day, night] = [random(2000 + seed), random(3000 + seed)];
  for (let i = 0; i < count; i++) write(join(OUT, 'day2night', `${split}A`, name(i)), landscape(day, SIZE, false));
  for (let i = 0; i < count; i++) write(join(OUT, 'day2night', `${split}B`, name(i)), landscape(night, SIZE, true));
  const [circles, squares] = [random(4000 + seed), random(5000 + seed)];
  for (let i = 0; i < count; i++) write(join(OUT, 'circles2squares', `${split}A`, name(i)), circlesOrSquares(circles, SIZE, false));
  for (let i = 0; i < count; i++) write(join(OUT, 'circles2squares', `${split}B`, name(i)), circlesOrSquares(squares, SIZE, true));
}
console.log(`wrote edges2shapes, day2night and circles2squares (${SIZE}x${SIZE}) under ${OUT}: ${(bytes / 1e6).toFixed(2)} MB`);
