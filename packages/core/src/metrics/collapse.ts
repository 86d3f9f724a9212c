/**
 * The collapse warning of training's periodic evaluation: recall (Kynkäänniemi et al. 2019) measures
 * how much of the real data the samples cover, so a generator that draws a few images well keeps a
 * high precision while its recall falls towards 0. Pooled recall can stay fine while one class
 * collapses; classRecallMin (the worst class's recall, conditional families) shows that case.
 */

/** Recall under which the samples are taken to have collapsed. */
export const collapseRecall = 0.1;

/** The recall figures an evaluation record may carry, pooled and worst class. */
const recallKeys = ['recall', 'classRecallMin'] as const;

/** One line naming the low recall figures of an evaluation at `step`, or undefined when none is under collapseRecall. */
export function collapseWarning(evaluation: Readonly<Record<string, unknown>>, step: number): string | undefined {
  const low = recallKeys.filter((key) => typeof evaluation[key] === 'number' && (evaluation[key] as number) < collapseRecall);
  if (low.length === 0) return undefined;
  const figures = low.map((key) => `${key} ${(evaluation[key] as number).toFixed(3)}`).join(', ');
  return `mode collapse at step ${step}: ${figures} under ${collapseRecall}, so the samples cover little of the real data; keep an earlier checkpoint, or train with a diversity term (--set modeSeeking=1 where the family has it)`;
}
