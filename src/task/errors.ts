import { OrchError } from '../errors.js';

/** `orch <task>` names a task that has no file under runs/ and no `orch.task.command`. */
export class TaskNotFoundError extends OrchError {}
