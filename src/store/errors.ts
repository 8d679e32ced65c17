import { OrchError } from '../errors.js';

/** A run-store file or directory is missing, unreadable or not what orch wrote. */
export class StoreError extends OrchError {}
