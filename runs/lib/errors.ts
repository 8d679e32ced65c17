/** User-facing errors of the example ML tasks; OrchError gives them a stable code and exit code 2. */
import { OrchError } from '../../src/errors.js';

/** A data file is missing, truncated or not the format it should be. */
export class DataFileError extends OrchError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super('ML_DATA_FILE', message, options);
  }
}

/** The job config names something the task does not know, or a value is out of range. */
export class TaskConfigError extends OrchError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super('ML_TASK_CONFIG', message, options);
  }
}

/** Training diverged (the loss became NaN or infinite). */
export class DivergedError extends OrchError {
  constructor(message: string, options: { hint?: string } = {}) {
    super('ML_DIVERGED', message, options);
  }
}

/** `predict` was pointed at something it cannot use. */
export class PredictInputError extends OrchError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super('ML_PREDICT_INPUT', message, options);
  }
}
