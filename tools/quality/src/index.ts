// @ganforge/quality: `pnpm quality` (run.mjs) re-measures the READMEs' figures from the families' quality.json.
export { main, type QualityEnv, type FamilyFacts } from './main.js';
export { parseOptions, selectRuns, scaleStages, usage, UsageError, type QualityOptions, type Selected } from './args.js';
export { parseDeclaration, qualityFamilies, tableId, DeclarationError, type QualityFamily, type QualityRun, type TrainStage } from './declarations.js';
export { checkMarkers, closeMarker, metricRows, MarkerError, openMarker, renderBlock, replaceBlock, type MetricRow, type Provenance } from './tables.js';
