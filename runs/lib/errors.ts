/** User-facing errors of the example ML tasks; OrchError gives them a stable code and exit code 2. */
import { OrchError, type OrchErrorInit } from '../../src/errors.js';

/** A data file is missing, truncated or not the format it should be. */
export class DataFileError extends OrchError {
  constructor(init: Omit<OrchErrorInit, 'code'>) {
    super({ code: 'ML_DATA_FILE', ...init });
  }
}

/** The job config names something the task does not know, or a value is out of range. */
export class TaskConfigError extends OrchError {
  constructor(init: Omit<OrchErrorInit, 'code'>) {
    super({ code: 'ML_TASK_CONFIG', ...init });
  }
}

/** Training diverged (the loss became NaN or infinite). */
export class DivergedError extends OrchError {
  constructor(init: Omit<OrchErrorInit, 'code'>) {
    super({ code: 'ML_DIVERGED', ...init });
  }
}

/** `predict` was pointed at something it cannot use. */
export class PredictInputError extends OrchError {
  constructor(init: Omit<OrchErrorInit, 'code'>) {
    super({ code: 'ML_PREDICT_INPUT', ...init });
  }
}
