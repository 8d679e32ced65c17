// Kept in sync with package.json by test/unit/version.test.ts; a constant avoids reading package.json at start-up.
export const ORCH_VERSION = '0.1.0';
