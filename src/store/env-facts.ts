/**
 * The environment a task inherits from whoever started orch, recorded so a rerun can tell what
 * differed. Variables orch sets itself (ORCH_*, its PYTHONPATH entry, a GPU launcher's
 * CUDA_VISIBLE_DEVICES) are left out: they are in the job's own record. Values of names that look
 * like secrets are replaced by REDACTED, the name is kept (a rerun without the token is a
 * difference worth seeing).
 */

/** Glob patterns (`*` any run of characters, case-insensitive) whose values are never written. */
export const SECRET_NAME_PATTERNS = ['*TOKEN*', '*SECRET*', '*PASSWORD*', '*PASSWD*', '*KEY*', '*CREDENTIAL*', '*AUTH*', '*COOKIE*', '*SESSION*', '*PRIVATE*'];
export const REDACTED = '<redacted>';

/** Set by orch for each job, so not the environment the task was "given" by the user. */
const SET_BY_ORCH = /^(ORCH_|CUDA_VISIBLE_DEVICES$|NVIDIA_VISIBLE_DEVICES$|PYTHONPATH$)/;

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
}

const SECRET_RES = SECRET_NAME_PATTERNS.map(globToRegExp);

export function isSecretName(name: string): boolean {
  return SECRET_RES.some((re) => re.test(name));
}

export interface EnvFacts {
  /** Name -> value (or REDACTED), sorted by name. */
  vars: Record<string, string>;
  redacted: string[];
}

export function envFacts(env: NodeJS.ProcessEnv = process.env): EnvFacts {
  const vars: Record<string, string> = {};
  const redacted: string[] = [];
  for (const name of Object.keys(env).sort()) {
    const value = env[name];
    if (value === undefined || SET_BY_ORCH.test(name)) continue;
    if (isSecretName(name)) {
      vars[name] = REDACTED;
      redacted.push(name);
    } else {
      vars[name] = value;
    }
  }
  return { vars, redacted };
}
