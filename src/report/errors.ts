import { OrchError } from '../errors.js';

/** Bad input to `orch report` or a report it cannot write (codes REPORT_* in src/error-codes.ts). */
export class ReportError extends OrchError {}
