import { packageBuild } from '@ganforge/tsup-config';

export default packageBuild(['src/index.ts', 'src/node/index.ts', 'src/onnx/index.ts']);
