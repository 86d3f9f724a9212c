/**
 * The families' own layer classes that shipped exports use, registered with tfjs by name so
 * `tf.loadLayersModel` finds them. Their modules register themselves, but a bare `import
 * '@ganforge/stylegan'` is dropped by the bundler (the packages' index modules are side-effect
 * free), so the page names the classes, which keeps them, and registers them again (idempotent).
 */
import * as tf from '@tensorflow/tfjs';
import { FadeIn } from '@ganforge/progan';
import { ConstantInput, ModulatedConv2D, NoiseInjection, Truncation } from '@ganforge/stylegan';

export const familyLayers = [FadeIn, ConstantInput, ModulatedConv2D, NoiseInjection, Truncation];
for (const layer of familyLayers) tf.serialization.registerClass(layer);
