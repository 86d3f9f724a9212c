/** The augmentation fields a family's config carries (`...augmentFields` in its table), and their validation. */
import { ConfigError } from '../family/architecture.js';
import { choice, defaultsOf, field, type ConfigOf } from '../family/config-fields.js';
import { parseAdaPipeline, type AdaGroup } from './ada.js';
import type { AdaControl } from './ada-controller.js';
import { parseDiffAugmentPolicy, type DiffAugmentPolicy } from './diffaugment.js';

export const augmentModes = ['none', 'diffaugment', 'ada'] as const;
export type AugmentMode = (typeof augmentModes)[number];

/** The augmentation fields of a family's config table (spread `...augmentFields` into it to opt in). */
export const augmentFields = {
  augment: choice(augmentModes, 'none', 'augmentation of every image D sees: DiffAugment (Zhao et al. 2020) or ADA (Karras et al. 2020)'),
  augmentPolicy: field('color,translation,cutout', 'DiffAugment transforms in order, from color, translation, cutout', 'Zhao et al.'),
  adaPipeline: field('blit,geom,color', 'ADA groups, from blit, geom, color', "the paper's bgc"),
  adaTarget: field(0.6, 'ADA target of r_t = E[sign(D(real))]', 'Karras et al.'),
  adaSpeedImages: field(500_000, 'ADA: real images for p to go from 0 to 1', 'Karras et al.'),
  adaInterval: field(4, 'ADA: steps between adjustments of p', 'stylegan2-ada-pytorch'),
};

/** The augmentation fields of a config. */
export type AugmentConfig = ConfigOf<typeof augmentFields>;

/** Their defaults: no augmentation. */
export const augmentDefaults: AugmentConfig = defaultsOf(augmentFields);

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
