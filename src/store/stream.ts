// The sweep-as-a-stream formats (plan record, frozen config tree, journal); see STREAM-FORMAT.md.
export * from './content-hash.js';
export * from './frozen-config.js';
export * from './journal-counts.js';
export * from './journal-format.js';
export * from './journal-reader.js';
export * from './journal-writer.js';
export * from './plan-record-format.js';
export * from './plan-record-reader.js';
export * from './plan-record-writer.js';
