import { OrchError } from '../errors.js';
import { MISSING, type CfgValue } from '../value/value.js';

/** Full key paths (`db.password`, `layers[2]`) of the mandatory values (`???`) still missing. */
export function findMissingKeys(value: CfgValue, prefix = ''): string[] {
  // Checked for every job of a sweep: answer "none" without building any key path first.
  if (!hasMissing(value)) return [];
  if (value instanceof Map) {
    return [...value].flatMap(([k, v]) => findMissingKeys(v, prefix ? `${prefix}.${k}` : k));
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => findMissingKeys(v, `${prefix}[${i}]`));
  return value === MISSING ? [prefix] : [];
}

export class MissingMandatoryValueError extends OrchError {
  constructor({ keys, where }: { keys: string[]; where: string }) {
    super({
      code: 'MISSING_MANDATORY_VALUE', message: `Missing mandatory value${keys.length > 1 ? 's' : ''} ${where}: ${keys.join(', ')}`,
      hint: `Set ${keys.length > 1 ? 'them' : 'it'} on the command line, e.g. ${keys[0]}=..., or in the config.`,
    });
  }
}

function hasMissing(value: CfgValue): boolean {
  if (value === MISSING) return true;
  if (value instanceof Map) {
    for (const v of value.values()) if (hasMissing(v)) return true;
  } else if (Array.isArray(value)) {
    for (const v of value) if (hasMissing(v)) return true;
  }
  return false;
}
