import { OrchError } from '../errors.js';

/**
 * A sweep that cannot be expanded or is used where it is not allowed. Codes:
 * SWEEP_IN_SINGLE_RUN, SWEEP_UNSUPPORTED (interval with the basic sweeper), SWEEP_RESERVED
 * (sweeping over `orch.*`), SWEEP_PARAMS (a bad `orch.sweeper.params` entry).
 */
export class SweepError extends OrchError {
  constructor(code: string, message: string, hint?: string) {
    super(code, message, { hint });
  }
}
