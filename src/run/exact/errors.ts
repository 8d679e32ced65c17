import { OrchError } from '../../errors.js';

/** `orch rerun --exact` cannot rebuild the code state a job ran with. */
export class ExactRerunError extends OrchError {}
