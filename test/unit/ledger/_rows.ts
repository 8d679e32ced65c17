import { paramsOf, timeMs } from '../../../src/ledger/fields.js';
import type { LedgerRow } from '../../../src/ledger/types.js';

/** A ledger row with what a test names, the rest plausible. */
export function row(id: string, overrides: string[], metrics: LedgerRow['metrics'] = {}, extra: Partial<LedgerRow> = {}): LedgerRow {
  const r: LedgerRow = {
    id, root: '/r', status: 'completed', task: 'train', num: 0, attempt: 1, overrides, params: paramsOf(overrides),
    startedAt: '2026-11-02T10:00:00.000Z', metrics, notes: [], ...extra,
  };
  r.startedMs = timeMs(r.startedAt);
  r.endedMs = timeMs(r.endedAt);
  return r;
}
