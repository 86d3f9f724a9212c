// The training progress line: losses and D's accuracy, and ADA's p and r_t for ADA runs only.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { trainProgress } from '../src/progress.js';

describe('trainProgress', () => {
  let written: string[];
  beforeEach(() => {
    vi.useFakeTimers(); // off a terminal the bar prints a line every 5 s
    written = [];
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    }
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  const line = (metrics: Parameters<ReturnType<typeof trainProgress>['update']>[1]) => {
    const progress = trainProgress(0, 10);
    progress.update(3, metrics);
    vi.advanceTimersByTime(6000);
    progress.stop();
    return written.join('');
  };

  it('shows p and r_t on an ADA run', () => {
    expect(line({ dLoss: 1.25, gLoss: 0.5, dAccReal: 0.75, dAccFake: 0.5, adaP: 0.1234, adaRt: -0.25 })).toMatch(/step 3\/10 .*D 1\.250 G 0\.500 \| D acc real 0\.75 fake 0\.50 \| ADA p 0\.123 r_t -0\.25/);
  });

  it('leaves ADA out of other runs', () => {
    const text = line({ dLoss: 1.25, gLoss: 0.5 });
    expect(text).toMatch(/D 1\.250 G 0\.500/);
    expect(text).not.toMatch(/ADA/);
  });
});
