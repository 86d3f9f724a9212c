/**
 * A family's config as one table: each field's default and its one-line documentation, written once.
 * The config type, the defaults, `ganforge list`'s field docs and `--set`'s checks all come from it.
 *
 *   export const fields = {
 *     latentDim: field(100, 'length of the noise vector z', 'Radford et al.'),
 *     topology: choice(['radford', 'tf-tutorial'] as const, 'radford', 'network layout'),
 *   };
 *   export type MyConfig = ConfigOf<typeof fields>;
 */

/** One config field: its default, what it means, and (for a closed set) the values it takes. */
export interface ConfigField<T> {
  default: T;
  /** One line: meaning, then `(default …, source)`. */
  doc: string;
  /** The only values the field takes, when it is a closed set (`--set` checks against them). */
  choices?: readonly T[];
}

/** A config table: one ConfigField per config field. */
export type ConfigFields<C> = { [K in keyof C]: ConfigField<C[K]> };

/** The config type a table describes. */
export type ConfigOf<F> = { [K in keyof F]: F[K] extends ConfigField<infer T> ? T : never };

const shown = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** A field: `meaning (default <value>, <source>)`, e.g. field(100, 'length of z', 'Radford et al.'). */
export function field<T>(defaultValue: T, meaning: string, source?: string): ConfigField<T> {
  return { default: defaultValue, doc: `${meaning} (default ${shown(defaultValue)}${source ? `, ${source}` : ''})` };
}

/** A field that takes one of `choices`: `a | b | c: meaning (default a, source)`. */
export function choice<const T extends string | number>(choices: readonly T[], defaultValue: NoInfer<T>, meaning: string, source?: string): ConfigField<T> {
  return { ...field<T>(defaultValue, `${choices.join(' | ')}: ${meaning}`, source), choices };
}

/** The defaults of a table. */
export function defaultsOf<F extends Record<string, ConfigField<unknown>>>(fields: F): ConfigOf<F> {
  return Object.fromEntries(Object.entries(fields).map(([name, f]) => [name, f.default])) as ConfigOf<F>;
}

/** The one-line documentation of every field of a table. */
export function docsOf<C>(fields: ConfigFields<C>): Record<keyof C, string> {
  return Object.fromEntries(Object.entries(fields).map(([name, f]) => [name, (f as ConfigField<unknown>).doc])) as Record<keyof C, string>;
}
