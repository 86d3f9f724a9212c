/**
 * The augmentation fields a family's config carries (spread `augmentDefaults` into its defaults and
 * `augmentFieldDocs` into its fieldDocs), and their validation.
 */
import { ConfigError } from '../train/architecture.js';
import { parseAdaPipeline, type AdaGroup } from './ada.js';
import type { AdaControl } from './ada-controller.js';
import { parseDiffAugmentPolicy, type DiffAugmentPolicy } from './diffaugment.js';

export const augmentModes = ['none', 'diffaugment', 'ada'] as const;
export type AugmentMode = (typeof augmentModes)[number];

export interface AugmentConfig {
  /** What D sees: real and fake images as they are, through DiffAugment (Zhao et al. 2020), or through ADA (Karras et al. 2020). Default 'none'. */
  augment: AugmentMode;
  /** DiffAugment's transforms, comma-separated, applied in this order. Default 'color,translation,cutout' (Zhao et al. 2020's choice with little data). */
  augmentPolicy: string;
  /** ADA's groups, comma-separated, from blit, geom, color. Default 'blit,geom,color' (the paper's bgc). */
  adaPipeline: string;
  /** ADA's target for r_t = E[sign(D(real))]. Default 0.6 (Karras et al. 2020). */
  adaTarget: number;
  /** ADA's speed: real images for p to go from 0 to 1. Default 500000 (Karras et al. 2020: 500k). */
  adaSpeedImages: number;
  /** ADA: steps between adjustments of p. Default 4 (stylegan2-ada-pytorch's ada_interval). */
  adaInterval: number;
}

export const augmentDefaults: AugmentConfig = {
  augment: 'none',
  augmentPolicy: 'color,translation,cutout',
  adaPipeline: 'blit,geom,color',
  adaTarget: 0.6,
  adaSpeedImages: 500_000,
  adaInterval: 4,
};

export const augmentFieldDocs: Record<keyof AugmentConfig, string> = {
  augment: 'augmentation of every image D sees: none | diffaugment (Zhao et al. 2020) | ada (Karras et al. 2020) (default none)',
  augmentPolicy: 'DiffAugment transforms in order, from color, translation, cutout (default color,translation,cutout, Zhao et al.)',
  adaPipeline: "ADA groups, from blit, geom, color (default blit,geom,color, the paper's bgc)",
  adaTarget: 'ADA target of r_t = E[sign(D(real))] (default 0.6, Karras et al.)',
  adaSpeedImages: 'ADA: real images for p to go from 0 to 1 (default 500000, Karras et al.)',
  adaInterval: 'ADA: steps between adjustments of p (default 4, stylegan2-ada-pytorch)',
};

/** The augmentation fields of a config, checked and parsed. */
export interface AugmentSettings {
  mode: AugmentMode;
  policy: DiffAugmentPolicy[];
  groups: AdaGroup[];
  control: AdaControl;
}

/**
 * The augmentation settings of any config: the AugmentConfig fields it has, defaults for those it
 * lacks (a family that does not carry them trains without augmentation). Throws a one-line
 * ConfigError for an unknown mode, policy or group, or an out-of-range ADA setting.
 */
export function augmentSettings(config: object): AugmentSettings {
  const c = { ...augmentDefaults, ...(config as Partial<AugmentConfig>) };
  if (!(augmentModes as readonly string[]).includes(c.augment)) {
    throw new ConfigError(`unknown augment "${c.augment}"; valid: ${augmentModes.join(', ')}`);
  }
  if (!(c.adaTarget > -1 && c.adaTarget < 1)) throw new ConfigError(`adaTarget must lie between -1 and 1 (r_t is a mean of signs), got ${c.adaTarget}`);
  if (!(c.adaSpeedImages > 0)) throw new ConfigError(`adaSpeedImages must be a positive number of images, got ${c.adaSpeedImages}`);
  if (!(Number.isInteger(c.adaInterval) && c.adaInterval >= 1)) throw new ConfigError(`adaInterval must be a whole number of steps, 1 or more, got ${c.adaInterval}`);
  return {
    mode: c.augment,
    policy: parseDiffAugmentPolicy(c.augmentPolicy),
    groups: parseAdaPipeline(c.adaPipeline),
    control: { target: c.adaTarget, speedImages: c.adaSpeedImages, interval: c.adaInterval },
  };
}

/** True when the config asks for ADA (so its training loop must carry an AdaState). */
export const usesAda = (config: object): boolean => (config as Partial<AugmentConfig>).augment === 'ada';
