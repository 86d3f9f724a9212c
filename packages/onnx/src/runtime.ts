/**
 * ONNX Runtime as an inference path: onnxruntime-node (native CPU kernels) runs an exported model
 * on tfjs tensors. onnxruntime-node is an optional peer: it is loaded when first needed, and a
 * missing install gets a one-line error with the install command.
 */
import * as tf from '@tensorflow/tfjs';
import { OnnxError } from '@ganforge/core/onnx';

/** The command that installs ONNX Runtime for Node, CPU only (its install script downloads CUDA libraries it does not need). */
export const onnxRuntimeInstall = 'npm install onnxruntime-node@1.31.1 --ignore-scripts  (pnpm add onnxruntime-node@1.31.1 skips its script by default)';

/** The parts of onnxruntime-node this package uses. */
interface OrtTensor {
  readonly dims: readonly number[];
  readonly type: string;
  readonly data: unknown;
}
interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}
interface OrtModule {
  InferenceSession: { create(model: Uint8Array, options?: Record<string, unknown>): Promise<OrtSession> };
  Tensor: new (type: string, data: Float32Array | BigInt64Array, dims: readonly number[]) => OrtTensor;
  env: { versions: { node?: string; common?: string } };
}

const isMissing = (error: unknown) => error instanceof Error && ['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND'].includes((error as { code?: string }).code ?? '');

let loaded: Promise<OrtModule> | undefined;

/**
 * onnxruntime-node, imported once. Throws an OnnxError with the install command when it is not
 * installed. `specifier` is for tests (a package name that does not exist).
 */
export async function loadOnnxRuntime(specifier = 'onnxruntime-node'): Promise<OrtModule> {
  const load = async (): Promise<OrtModule> => {
    try {
      const module = (await import(/* @vite-ignore */ specifier)) as OrtModule & { default?: OrtModule };
      return module.InferenceSession ? module : module.default!;
    } catch (error) {
      if (isMissing(error)) throw new OnnxError(`--runtime onnx needs onnxruntime-node, which is not installed; install it with: ${onnxRuntimeInstall}`);
      throw error;
    }
  };
  if (specifier !== 'onnxruntime-node') return load();
  loaded ??= load().catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

/** Options of an OnnxSession. */
export interface OnnxSessionOptions {
  /** Threads of each operator (ONNX Runtime's intra-op pool); default: ONNX Runtime's (the physical cores). */
  threads?: number;
}

/** An exported model loaded into ONNX Runtime; tfjs tensors in and out. */
export class OnnxSession {
  private constructor(
    private readonly ort: OrtModule,
    private readonly session: OrtSession,
    /** The onnxruntime-node version, for reports. */
    readonly version: string,
  ) {}

  /** Loads the bytes of a .onnx file (full graph optimisation, warnings off). */
  static async create(model: Uint8Array, options: OnnxSessionOptions = {}): Promise<OnnxSession> {
    const ort = await loadOnnxRuntime();
    const session = await ort.InferenceSession.create(model, {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      logSeverityLevel: 3,
      ...(options.threads ? { intraOpNumThreads: options.threads } : {}),
    });
    return new OnnxSession(ort, session, ort.env.versions.node ?? ort.env.versions.common ?? 'unknown');
  }

  /** Names of the model's inputs and outputs. */
  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  /**
   * Runs the model. Float inputs are fed as float32, int inputs (class indices) as int64. Returns
   * every output as a float32 tfjs tensor; the caller disposes them (and its inputs).
   */
  async run(feeds: Record<string, tf.Tensor>): Promise<Record<string, tf.Tensor>> {
    const ortFeeds: Record<string, OrtTensor> = {};
    for (const [name, tensor] of Object.entries(feeds)) {
      const values = await tensor.data();
      ortFeeds[name] = tensor.dtype === 'int32'
        ? new this.ort.Tensor('int64', BigInt64Array.from(values as Int32Array, (v) => BigInt(v)), tensor.shape)
        : new this.ort.Tensor('float32', values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>), tensor.shape);
    }
    const results = await this.session.run(ortFeeds);
    return Object.fromEntries(
      Object.entries(results).map(([name, out]) => {
        if (out.type !== 'float32') throw new OnnxError(`output "${name}" is ${out.type}; float32 outputs only`);
        return [name, tf.tensor(out.data as Float32Array, [...out.dims], 'float32')];
      }),
    );
  }

  /** The model's only output for `feeds`. Caller disposes. */
  async runOne(feeds: Record<string, tf.Tensor>): Promise<tf.Tensor> {
    const outputs = await this.run(feeds);
    const [first, ...rest] = Object.values(outputs);
    tf.dispose(rest);
    if (!first) throw new OnnxError('the model has no output');
    return first;
  }

  /** Frees the native session. */
  async release(): Promise<void> {
    await this.session.release();
  }
}
