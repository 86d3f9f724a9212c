/**
 * ADA's controller of the augmentation probability p (Karras et al. 2020, Sec. 3): the overfitting
 * heuristic r_t = E[sign(D(x_real))] over the reals D saw since the last adjustment (on augmented
 * reals, as stylegan2-ada-pytorch collects it); every `interval` steps
 *   p ← clamp(p + sign(r_t - target) · images / speedImages, 0, 1)
 * where `images` counts the reals D saw in those steps (batch · dSteps · interval), so p can go from
 * 0 to 1 in `speedImages` images (the paper's 500k). p starts at 0.
 *
 * The state is plain numbers that a checkpoint stores as JSON (which round-trips doubles exactly),
 * so a resumed run adjusts p exactly as a straight run would have.
 */

/** What the controller carries from step to step. */
export interface AdaState {
  /** Augmentation probability, in [0, 1]. */
  p: number;
  /** Σ sign(D(real)) over the logits since the last adjustment (an integer). */
  signSum: number;
  /** Logits summed into signSum (one per image, or per patch for a PatchGAN). */
  signCount: number;
  /** Real images D saw since the last adjustment. */
  images: number;
}

/** The controller's settings (AugmentConfig's adaTarget, adaSpeedImages, adaInterval). */
export interface AdaControl {
  /** Target of r_t (paper: 0.6). */
  target: number;
  /** Images for p to go from 0 to 1 (paper: 500k). */
  speedImages: number;
  /** Steps between adjustments (stylegan2-ada-pytorch's ada_interval: 4). */
  interval: number;
}

/** p = 0 and an empty window. */
export const initialAdaState = (): AdaState => ({ p: 0, signSum: 0, signCount: 0, images: 0 });

/** r_t of the current window: Σ sign / count (0 for an empty window). */
export const adaRt = (state: AdaState): number => (state.signCount > 0 ? state.signSum / state.signCount : 0);

/** Adds one D update's reals to the window: the sum of sign(D(real)), how many logits, how many images. */
export function recordRealSigns(state: AdaState, signSum: number, signCount: number, images: number): void {
  state.signSum += signSum;
  state.signCount += signCount;
  state.images += images;
}

/**
 * p ← clamp(p + sign(r_t - target) · images / speedImages, 0, 1), then an empty window.
 * @returns r_t of the window it used
 */
export function adjustAda(state: AdaState, control: AdaControl): number {
  const rt = adaRt(state);
  const adjust = (Math.sign(rt - control.target) * state.images) / control.speedImages;
  state.p = Math.min(1, Math.max(0, state.p + adjust));
  state.signSum = 0;
  state.signCount = 0;
  state.images = 0;
  return rt;
}
