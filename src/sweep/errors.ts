// SweepError lives with the sweep values it describes (overrides/), which run-mode.ts also throws it from.
export { SweepError } from '../overrides/errors.js';
