import { OrchError } from '../errors.js';

/** Bad input to `orch runs` / `orch note` or the ledger settings (codes LEDGER_* in src/error-codes.ts). */
export class LedgerError extends OrchError {}
