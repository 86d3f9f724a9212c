import { packageBuild } from '@ganforge/tsup-config';

// One entry per subpath export (package.json "exports").
export default packageBuild(['src/index.ts', ...['augment', 'data', 'image', 'layers', 'losses', 'metrics', 'networks', 'onnx', 'optim', 'random', 'train', 'node'].map((topic) => `src/${topic}/index.ts`)]);
