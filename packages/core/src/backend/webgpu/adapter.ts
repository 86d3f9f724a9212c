/**
 * Finding a WebGPU adapter and telling a GPU from a CPU fallback.
 *
 * In Node, navigator.gpu comes from the `webgpu` package (Dawn). A machine without a GPU driver
 * may still offer a software adapter: SwiftShader (Chromium's Vulkan on the CPU, what CI tests
 * on), Mesa's lavapipe/llvmpipe, or Windows' WARP. Such an adapter computes correctly but 100x+
 * slower than wasm on the same cores, so `auto` passes over it and `--backend webgpu` uses it only
 * when it is asked for by name (`webgpuAdapter` / GANFORGE_WEBGPU_ADAPTER, e.g. `swiftshader`).
 *
 * What SwiftShader reports through Dawn 0.6.2 (measured): vendor `google`, architecture
 * `swiftshader`, device `swiftshader-device-subzero-`, description `SwiftShader driver 5.0.0`,
 * info.isFallbackAdapter true.
 */
import type * as NodeChildProcess from 'node:child_process';
import type * as NodeModule from 'node:module';
import type * as NodeUrl from 'node:url';
import type { Gpu, GpuAdapter, GpuAdapterInfo } from './gpu-types.js';

/** The adapter a webgpu backend runs on, as every report names it. */
export interface AdapterReport {
  /** e.g. `nvidia`, `amd`, `intel`, `apple`, `google` (SwiftShader). */
  vendor: string;
  /** e.g. `hopper`, `rdna-3`, `swiftshader`. */
  architecture: string;
  /** The driver's own words, e.g. `NVIDIA: 570.86.15`, `SwiftShader driver 5.0.0`. */
  description: string;
  /** True for a software adapter that computes on the CPU (SwiftShader, lavapipe, WARP). */
  cpuFallback: boolean;
}

/** Names software adapters give themselves in vendor, architecture, device or description. */
const softwareAdapter = /swiftshader|lavapipe|llvmpipe|softpipe|\bwarp\b|microsoft basic render|software rasterizer/i;

/** Reads an adapter's info (the `info` attribute, or the older requestAdapterInfo()). */
async function adapterInfo(adapter: GpuAdapter): Promise<GpuAdapterInfo> {
  if (adapter.info) return adapter.info;
  return (await adapter.requestAdapterInfo?.()) ?? {};
}

/** What an adapter is, with CPU fallbacks flagged (isFallbackAdapter, or a software adapter's name). */
export async function describeAdapter(adapter: GpuAdapter): Promise<AdapterReport> {
  const info = await adapterInfo(adapter);
  const names = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ');
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    description: info.description || info.device || '',
    cpuFallback: info.isFallbackAdapter === true || adapter.isFallbackAdapter === true || softwareAdapter.test(names),
  };
}

/** One line naming an adapter: `nvidia hopper (NVIDIA: 570.86)`. */
export function adapterLabel(adapter: AdapterReport): string {
  const name = [adapter.vendor, adapter.architecture].filter(Boolean).join(' ') || 'unnamed adapter';
  return adapter.description ? `${name} (${adapter.description})` : name;
}

/** True when `wanted` (a name the user gave) names this adapter: a case-insensitive part of its vendor, architecture or description. */
export function adapterMatches(adapter: AdapterReport, wanted: string): boolean {
  const needle = wanted.trim().toLowerCase();
  return needle !== '' && [adapter.vendor, adapter.architecture, adapter.description].some((s) => s.toLowerCase().includes(needle));
}

const isNode = typeof process !== 'undefined' && process.versions?.node !== undefined;

/**
 * navigator.gpu, provided in Node by the `webgpu` package (Dawn), which is installed on first use:
 * its globals (GPUBufferUsage, ...) go onto globalThis as tfjs' webgpu backend expects. Undefined
 * when neither a browser nor the package provides it.
 */
export async function webgpuNavigator(): Promise<Gpu | undefined> {
  const nav = globalThis as { navigator?: { gpu?: Gpu } };
  if (nav.navigator?.gpu !== undefined) return nav.navigator.gpu;
  if (!isNode) return undefined;
  let dawn: { create?: (options: string[]) => Gpu; globals?: object } | undefined;
  try {
    // A specifier in a variable, so that bundlers of browser code (the demo's Vite) leave Dawn out.
    const dawnPackage = 'webgpu';
    dawn = (await import(/* @vite-ignore */ dawnPackage)) as typeof dawn;
  } catch {
    return undefined;
  }
  if (dawn?.create === undefined) return undefined;
  if (dawn.globals) Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  // Node 21+ has a navigator of its own; keep its fields and add gpu.
  const navigator = { ...(nav.navigator ?? {}), gpu };
  Object.defineProperty(globalThis, 'navigator', { value: navigator, configurable: true, writable: true });
  return gpu;
}

/** What the probe child prints: its adapter's info, or null when Dawn found none. */
const childProbeScript = `
const dawn = await import(process.argv[1]);
Object.assign(globalThis, dawn.globals);
const adapter = await dawn.create([]).requestAdapter({ powerPreference: 'high-performance' });
const info = adapter === null ? null : (adapter.info ?? (await adapter.requestAdapterInfo?.()) ?? {});
const { vendor, architecture, device, description } = info ?? {};
process.stdout.write(JSON.stringify(info && { vendor, architecture, device, description, isFallbackAdapter: info.isFallbackAdapter ?? adapter.isFallbackAdapter }));
process.exit(0);
`;

/**
 * The adapter Dawn would give this Node process, asked in a child process: on a machine without a
 * GPU, Dawn and the Vulkan loader print their complaints (XDG_RUNTIME_DIR, rejected Vulkan
 * devices) straight to the process's stderr, and a broken driver can crash the process that loads
 * it. `auto` asks here first, so it loads Dawn into the training process only for an adapter it will
 * use. Null: Dawn found no adapter. Undefined: the probe could not run (no `webgpu` package where
 * this module resolves it, or the child failed); the caller then asks in-process.
 */
export async function probeAdapterInChildProcess(): Promise<AdapterReport | null | undefined> {
  if (!isNode) return undefined;
  // Specifiers in variables, so that bundlers of browser code leave these Node modules out.
  const [childProcessModule, moduleModule, urlModule] = ['node:child_process', 'node:module', 'node:url'];
  const { spawnSync } = (await import(/* @vite-ignore */ childProcessModule)) as typeof NodeChildProcess;
  const { createRequire } = (await import(/* @vite-ignore */ moduleModule)) as typeof NodeModule;
  const { pathToFileURL } = (await import(/* @vite-ignore */ urlModule)) as typeof NodeUrl;
  let dawnUrl: string;
  try {
    dawnUrl = pathToFileURL(createRequire(import.meta.url).resolve('webgpu')).href;
  } catch {
    return undefined;
  }
  const child = spawnSync(process.execPath, ['--input-type=module', '--eval', childProbeScript, dawnUrl], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  if (child.status !== 0) return undefined;
  try {
    const info = JSON.parse(child.stdout) as GpuAdapterInfo | null;
    return info === null ? null : describeAdapter({ info });
  } catch {
    return undefined;
  }
}

/** The adapter tfjs' webgpu backend will take (it asks for `high-performance`), described; undefined when there is none. */
export async function probeAdapter(gpu: Gpu): Promise<AdapterReport | undefined> {
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  return adapter ? describeAdapter(adapter) : undefined;
}
