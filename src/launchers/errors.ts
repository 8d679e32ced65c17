import { OrchError } from '../errors.js';

/** A sweep cannot start or run (output directory not writable, unknown launcher, ...). */
export class LaunchError extends OrchError {}
