export { expandBasicSweep, type BasicSweepInput, type SweepJobs } from './basic-sweeper.js';
export { SweepError } from './errors.js';
export { fnmatch, compileGlob } from './fnmatch.js';
