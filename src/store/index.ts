export * from './atomic.js';
export * from './errors.js';
export * from './git.js';
export * from './orch-info.js';
export * from './run-record.js';
export * from './snapshot.js';
export * from './sweep-file.js';
export * from './types.js';
