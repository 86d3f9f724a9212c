import { describe, expect, it } from 'vitest';
import { checkMarkers, metricRows, renderBlock, replaceBlock } from '../src/tables.js';

const readme = [
  '# family',
  '',
  'Text before, with a | pipe and <!-- another comment -->.',
  '<!-- quality:dcgan:mnist -->',
  '| old | table |',
  '| --- | --- |',
  '| 1 | 2 |',
  '<!-- /quality:dcgan:mnist -->',
  '',
  '<!-- quality:dcgan:fashion-mnist -->',
  'other table',
  '<!-- /quality:dcgan:fashion-mnist -->',
  'Text after.',
  '',
].join('\n');

describe('README tables', () => {
  it('replaces what lies between the markers and keeps the text outside byte for byte', () => {
    const out = replaceBlock(readme, 'dcgan:mnist', '| new | table |\n| --- | --- |\n| 3 | 4 |', 'README.md');
    expect(out).not.toContain('| 1 | 2 |');
    expect(out).toContain('<!-- quality:dcgan:mnist -->\n| new | table |\n| --- | --- |\n| 3 | 4 |\n<!-- /quality:dcgan:mnist -->');
    const [before] = readme.split('<!-- quality:dcgan:mnist -->');
    const after = readme.slice(readme.indexOf('<!-- /quality:dcgan:mnist -->'));
    expect(out.startsWith(`${before}<!-- quality:dcgan:mnist -->`)).toBe(true);
    expect(out.endsWith(after)).toBe(true);
    // The other table, a prefix of no id but a similar one, is untouched.
    expect(out).toContain('<!-- quality:dcgan:fashion-mnist -->\nother table\n<!-- /quality:dcgan:fashion-mnist -->');
  });

  it('rewriting twice gives the same file', () => {
    const once = replaceBlock(readme, 'dcgan:mnist', 'x', 'README.md');
    expect(replaceBlock(once, 'dcgan:mnist', 'x', 'README.md')).toBe(once);
  });

  it('reports a missing or broken marker pair in one line', () => {
    const missing = () => replaceBlock(readme, 'toy:grid25', 'x', 'packages/toy/README.md');
    expect(missing).toThrow('packages/toy/README.md has no <!-- quality:toy:grid25 --> ... <!-- /quality:toy:grid25 --> pair; add it where the table belongs');
    try {
      missing();
    } catch (e) {
      expect((e as Error).message).not.toContain('\n');
    }
    const twice = `${readme}\n<!-- quality:dcgan:mnist -->\n`;
    expect(() => checkMarkers(twice, 'dcgan:mnist', 'README.md')).toThrow('must appear once each (found 2 and 1)');
    const reversed = '<!-- /quality:a:b -->\n<!-- quality:a:b -->';
    expect(() => checkMarkers(reversed, 'a:b', 'README.md')).toThrow('comes before');
  });

  it('reads the figures of evaluate --json generically: hook numbers and generator metric objects', () => {
    const hook = { modes: 23, modesTotal: 25, highQuality: 0.7224, reverseKl: 0.4812 };
    expect(metricRows(hook)).toEqual([
      { metric: 'modes', value: 23 },
      { metric: 'modesTotal', value: 25 },
      { metric: 'highQuality', value: 0.7224 },
      { metric: 'reverseKl', value: 0.4812 },
    ]);
    const generator = {
      fd: { title: 'Fréchet distance', value: 83.81, realCount: 1000, fakeCount: 10000 },
      pr: { title: 'precision / recall', precision: 0.9, recall: 0.1, k: 3, count: 1000 },
      'class-pr': { title: 'per class', precision: [1, 2], recall: [1, 2], counts: [5, 5], k: 3 },
    };
    expect(metricRows(generator)).toEqual([
      { metric: 'Fréchet distance', value: 83.81 },
      { metric: 'precision / recall: precision', value: 0.9 },
      { metric: 'precision / recall: recall', value: 0.1 },
    ]);
    expect(metricRows(generator, ['pr.recall', 'fd.value'])).toEqual([
      { metric: 'precision / recall: recall', value: 0.1 },
      { metric: 'Fréchet distance', value: 83.81 },
    ]);
    expect(() => metricRows(generator, ['kid.mean'])).toThrow('evaluate reported no number at metrics.kid.mean');
  });

  it('renders the table with the line that says where the figures come from', () => {
    const block = renderBlock([{ metric: 'a | b', value: 0.123456 }, { metric: 'modes', value: 25 }], {
      date: '2026-12-05',
      commit: 'abc1234',
      machine: 'Some CPU, 2 cores',
      backend: 'wasm (@tensorflow/tfjs-backend-wasm, 2 threads)',
      trainSeconds: 12.34,
      evaluateSeconds: 150.4,
      steps: 20,
      stepsScale: 0.01,
      commands: ['ganforge train toy --preset grid25 --steps 20 --out <run>'],
    });
    expect(block).toContain('| a \\| b | 0.1235 |\n| modes | 25 |');
    expect(block).toContain(
      'measured 2026-12-05 on commit abc1234, Some CPU, 2 cores, backend wasm (@tensorflow/tfjs-backend-wasm, 2 threads), wall time train 12.3 s / evaluate 150 s, steps 20 (steps scale 0.01)',
    );
    expect(block).toContain('```sh\nganforge train toy --preset grid25 --steps 20 --out <run>\n```');
  });
});
