/**
 * `defineFamily`: a family's Architecture object from the parts only that family has. It fills in the
 * version (from the package's package.json), the defaults and field docs (from the config table),
 * the fitting of square images or images of any shape (and the check of augmentation settings, for families that carry them),
 * `build` from the network builders, and the standard-normal latent.
 */
import type * as tf from '@tensorflow/tfjs';
import { augmentSettings } from '../augment/config.js';
import type { Architecture, DataShape, Networks, TrainHyperparameters } from './architecture.js';
import { defaultsOf, docsOf, type ConfigFields } from './config-fields.js';
import { fitSquareImages, normalLatent } from './helpers.js';
import { fitImages } from './image-shape.js';

/** Builds one network of a family from the config and the run seed. */
export type NetworkBuilder<C> = (config: C, seed: number) => tf.LayersModel;

/** The Architecture fields defineFamily fills in, and the short forms it takes for them. */
export interface FamilyShorthands<C extends TrainHyperparameters> {
  /** The family package's package.json: its version is recorded in checkpoints. */
  packageJson: { version: string };
  /**
   * How the config adapts to the data when `fitToData` is absent. `square-images` (default): the
   * data's side becomes imageSize and its channels `channels`; images that are not square are
   * refused (square by design). `any-shape-images`: the config carries imageShapeFields and takes
   * the data's height and width (fitImages).
   */
  images?: 'square-images' | 'any-shape-images';
  /** Throws a ConfigError for a config that cannot work; runs after the images are fitted. */
  check?: (config: C) => void;
  /** The networks, each from the config and the seed: `generator` and `discriminator` at least. */
  networks?: { generator: NetworkBuilder<C>; discriminator: NetworkBuilder<C>; [name: string]: NetworkBuilder<C> };
  /** `normal`: z ~ N(0, I) of length config.latentDim (core's normalLatent). */
  latent?: 'normal' | ((config: C, count: number, seed: number) => tf.Tensor2D);
}

/** What a family writes: its own parts of the Architecture, plus the short forms of Filled. */
export type FamilySpec<C extends TrainHyperparameters> = Omit<Architecture<C>, 'version' | 'defaults' | 'fieldDocs' | 'fitToData' | 'build' | 'latent'> &
  FamilyShorthands<C> &
  Partial<Pick<Architecture<C>, 'fitToData' | 'build'>>;

type SpecOnly = keyof FamilyShorthands<TrainHyperparameters> | 'latent' | 'fitToData' | 'build';

/** The family's Architecture object; hooks the spec defines stay non-optional in its type. */
export function defineFamily<C extends TrainHyperparameters, S extends FamilySpec<C>>(
  spec: S & FamilySpec<C> & { fields: ConfigFields<C> },
): Architecture<C> & Omit<S, SpecOnly> & (S['latent'] extends undefined ? unknown : Required<Pick<Architecture<C>, 'latent'>>) {
  const { packageJson, images, check, networks, latent, fitToData, build, ...rest } = spec;
  const fitShape = (config: C, shape: DataShape): C => {
    const sized = config as C & { imageSize: number; channels: 1 | 3 };
    const fitted = images === 'any-shape-images' ? fitImages(sized, shape) : fitSquareImages(spec.name, sized, shape);
    check?.(fitted);
    return fitted;
  };
  const buildNetworks = (config: C, seed: number): Networks => {
    if (networks === undefined) throw new Error(`family "${spec.name}" defines neither networks nor build`);
    return Object.fromEntries(Object.entries(networks).map(([name, create]) => [name, create(config, seed)])) as Networks;
  };
  return {
    ...rest,
    version: packageJson.version,
    defaults: defaultsOf(spec.fields as ConfigFields<Record<string, unknown>>) as unknown as C,
    fieldDocs: docsOf(spec.fields),
    fitToData: (config: C, shape: DataShape): C => {
      const fitted = (fitToData ?? fitShape)(config, shape);
      if ('augment' in fitted) augmentSettings(fitted); // a bad policy or pipeline name stops here, before training
      return fitted;
    },
    build: build ?? buildNetworks,
    ...(latent === undefined ? {} : { latent: latent === 'normal' ? (normalLatent as unknown as Architecture<C>['latent']) : latent }),
  } as Architecture<C> & Omit<S, SpecOnly> & (S['latent'] extends undefined ? unknown : Required<Pick<Architecture<C>, 'latent'>>);
}
