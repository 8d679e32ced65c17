export { expandBasicSweep, type BasicSweepInput, type SweepJobs } from './basic-sweeper.js';
export { overrideDirname, createOverrideDirname, type OverrideDirnameOptions } from './override-dirname.js';
export { SweepError } from './errors.js';
export { fnmatch, compileGlob } from './fnmatch.js';
