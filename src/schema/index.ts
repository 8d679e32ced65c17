/** Typed configs: schema files beside the YAML, validation of composed jobs, help, JSON Schema and TypeScript output. */
export { validateJobs, assertJobsValid, type ValidateOptions } from './validate-jobs.js';
export { SchemaValidationError, SchemaDefinitionError, formatViolations } from './errors.js';
export { parseSchema, mergeSchemas } from './parse-schema.js';
export { checkValue } from './check-value.js';
export { schemaStoreOf, createSchemaStore, type SchemaStore } from './schema-files.js';
export type { SchemaNode, Violation } from './types.js';
export { taskHelpLines, taskJsonSchema, taskTypeScript, taskSchema, taskGroups, type TaskRef } from './describe.js';
export { configTypeName } from './typescript.js';
