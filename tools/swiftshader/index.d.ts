/** SwiftShader's Vulkan driver as Debian's chromium package installs it. */
export declare const swiftShaderIcd: string;

/** What to install when SwiftShader is missing. */
export declare const installSwiftShader: string;

/**
 * `base` (default process.env) plus VK_ICD_FILENAMES, XDG_RUNTIME_DIR and
 * GANFORGE_WEBGPU_ADAPTER=swiftshader, for a child process on `--backend webgpu`; throws naming
 * what to install when SwiftShader is missing.
 */
export declare function swiftShaderEnv(base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;

/** Points Dawn at SwiftShader in this process; throws naming what to install when it is missing. */
export declare function useSwiftShader(): void;

/** Starts core's webgpu backend on SwiftShader by name; throws one message naming what to install when it cannot. */
export declare function startWebGPU<R>(initBackend: (options: { backend: 'webgpu'; webgpuAdapter: string }) => Promise<R>): Promise<R>;
