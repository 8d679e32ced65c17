import type { CfgValue } from '../value/value.js';

/** JSON Schema type names (the subset orch reads). `number` accepts ints too, as OmegaConf's float does. */
export type SchemaType = 'string' | 'integer' | 'number' | 'boolean' | 'null' | 'array' | 'object';
export const SCHEMA_TYPES: readonly SchemaType[] = ['string', 'integer', 'number', 'boolean', 'null', 'array', 'object'];

/**
 * One node of a schema, read from a `_schema.yaml` / `NAME.schema.yaml` file (a JSON Schema subset).
 * Unlike JSON Schema, an object that lists `properties` is closed unless `additionalProperties: true`:
 * a typo'd key in a config is an error, not an ignored extra.
 */
export interface SchemaNode {
  /** Undefined: any type. */
  types?: SchemaType[];
  enum?: CfgValue[];
  properties?: Map<string, SchemaNode>;
  required?: string[];
  /** Schema of keys not in `properties`: false = none allowed, true = anything. */
  additionalProperties: boolean | SchemaNode;
  /** Set when the file wrote `additionalProperties` (merging keeps a group's choice otherwise). */
  additionalExplicit?: true;
  items?: SchemaNode;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  /** `pattern`, compiled once. */
  patternRegex?: RegExp;
  minItems?: number;
  maxItems?: number;
  default?: CfgValue;
  description?: string;
  /** Any one of these (produced for a group whose options have different schemas; not read from files). */
  anyOf?: SchemaNode[];
  /** Produced from a config's values because it has no schema file (used for editors and types only). */
  inferred?: true;
  /** Where it was declared: schema file and the keyword path in it (`properties.epochs`). */
  origin: { file: string; path: string; readPath?: string };
}

export type MismatchKind = 'value' | 'unknown' | 'missing';

/** One problem with one value of one job. */
export interface Violation {
  /** Job number within the sweep (0 for a single run). */
  job: number;
  /** The job's overrides, for messages about sweeps. */
  jobOverrides: string[];
  /** `value`: wrong type/range/choice; `unknown`: a key the schema does not declare; `missing`: a required key is absent. */
  kind: MismatchKind;
  /** Key path in the job config, e.g. `training.epochs`. */
  key: string;
  /** What the schema asks: `integer >= 1`, `one of: adam, sgd`, `no such key (known: ...)`. */
  expected: string;
  /** The value as given, Python-style (`'ten'`, `0.5`, `None`); undefined for a missing key. */
  got?: string;
  /** Where the value came from: `file:line` or `override 'training.epochs=ten'`. */
  source?: string;
  /** The schema file that asks for it. */
  schemaFile: string;
}
