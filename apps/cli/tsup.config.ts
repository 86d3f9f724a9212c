import { packageBuild } from '@ganforge/tsup-config';

export default packageBuild(['src/index.ts', 'src/bin.ts']);
