/**
 * Backprop that frees each tape node's tensors as soon as the node is done.
 *
 * tfjs' engine keeps every tensor a tape node saved for its gradient (its inputs or outputs) and
 * every gradient it passes down until the whole backward pass ends, so the backward pass holds
 * the forward pass's memory and then as much again. PyTorch frees both as it goes. On the wasm
 * backend, whose heap stops at 4 GiB, that took CycleGAN at 128x128 to 3.5 GB in one step.
 *
 * Here each node's gradient function is wrapped: once the backward pass has taken the node's last
 * input gradient, the node's saved tensors and the gradients of its outputs are disposed (the
 * walk visits nodes in reverse order of execution, so nothing later reads them). That is done
 * only in a first-order backward pass (a gradient call with no tape around it): under nested
 * tapes (R1, gradient penalties) the outer tape still needs them and tfjs runs unchanged.
 * Kept: the seed gradient a caller passed in and the gradients of the tensors asked for. A
 * gradient function that hands on an output's gradient or a saved tensor unchanged gets a clone of
 * it (same data, one more reference), so disposing the node's tensors leaves the input's gradient
 * intact.
 * Values are untouched: the same kernels run on the same tensors (test/frugal-backprop.test.ts).
 */
import * as tf from '@tensorflow/tfjs';

type Gradients = Record<string, () => tf.Tensor>;

/** The parts of tfjs' tape nodes and engine this module reads (tfjs-core's engine.ts and tape.ts). */
interface TapeNode {
  inputs: Record<string, tf.Tensor>;
  outputs: tf.Tensor[];
  saved?: tf.Tensor[];
  gradient?: (dys: (tf.Tensor | null)[]) => Gradients;
}
interface TapeEngine {
  state: { gradientDepth: number; activeTape: TapeNode[] | null };
  addTapeNode(...args: unknown[]): void;
  gradients(f: () => tf.Tensor, xs: tf.Tensor[], dy?: tf.Tensor, allowNoGradients?: boolean): { value: tf.Tensor; grads: tf.Tensor[] };
}

/** What the backward pass now running must keep: the caller's seed gradient and the ids of the tensors differentiated. */
interface Keep { seed: tf.Tensor | undefined; ids: Set<number> }

/** One entry per gradient call in progress; undefined where that call runs as stock tfjs. */
const calls: (Keep | undefined)[] = [];

function release(node: TapeNode, dys: (tf.Tensor | null)[], keep: Keep): void {
  for (const t of node.saved ?? []) t.dispose();
  dys.forEach((dy, i) => {
    if (dy && dy !== keep.seed && !keep.ids.has(node.outputs[i]!.id)) dy.dispose();
  });
}

/** The node's gradient function, releasing its tensors after the last input gradient is taken. */
function frugal(node: TapeNode, gradient: NonNullable<TapeNode['gradient']>): TapeNode['gradient'] {
  return (dys) => {
    const inputGradients = gradient(dys);
    const keep = calls[calls.length - 1];
    if (!keep) return inputGradients;
    let pending = Object.keys(node.inputs).length;
    const wrapped: Gradients = {};
    for (const [name, thunk] of Object.entries(inputGradients)) {
      wrapped[name] = () => {
        const dx = thunk();
        const result = dys.includes(dx) || node.saved?.includes(dx) ? tf.clone(dx) : dx;
        if (--pending === 0) release(node, dys, keep);
        return result;
      };
    }
    return wrapped;
  };
}

let installed = false;

/** Wraps tfjs' engine so first-order backward passes free memory as they go. Idempotent. */
export function installFrugalBackprop(): void {
  if (installed) return;
  installed = true;
  const engine = tf.engine() as unknown as TapeEngine;
  const addTapeNode = engine.addTapeNode.bind(engine);
  engine.addTapeNode = (...args: unknown[]) => {
    addTapeNode(...args);
    const tape = engine.state.activeTape!;
    const node = tape[tape.length - 1]!;
    if (node.gradient) node.gradient = frugal(node, node.gradient);
  };
  const gradients = engine.gradients.bind(engine);
  engine.gradients = (f, xs, dy, allowNoGradients) => {
    const firstOrder = engine.state.gradientDepth === 0;
    calls.push(firstOrder ? { seed: dy, ids: new Set(xs.map((x) => x.id)) } : undefined);
    try {
      return gradients(f, xs, dy, allowNoGradients);
    } finally {
      calls.pop();
    }
  };
}
