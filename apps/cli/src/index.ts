export { createProgram, main } from './main.js';
export { installedArchitectures, knownArchitectures, loadArchitecture } from './architectures.js';
export { slerp } from './commands/interpolate.js';
