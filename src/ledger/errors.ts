import { OrchError } from '../errors.js';

/**
 * Codes: LEDGER_BAD_WHERE, LEDGER_BAD_DATE, LEDGER_BAD_STATUS, LEDGER_BAD_COLUMN, LEDGER_BAD_LIMIT,
 * LEDGER_BAD_ROOT, LEDGER_BAD_TARGET, LEDGER_BAD_NOTE, LEDGER_BAD_CONFIG.
 */
export class LedgerError extends OrchError {}
