// Shell completion answer time: one completion request in a fresh bash (script already generated,
// as in a user's shell) on the example config tree, against bare `bash -c true` in the same run.
// Goal: an answer in under 100 ms of wall time.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareCommands } from './_util.mjs';

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'orch-bench-completion-'));
const script = join(dir, 'orch.bash');
writeFileSync(script, execFileSync(process.execPath, [join(root, 'dist/bundle/orch.cjs'), 'completion', 'bash']));
// Bash hands the function the line and the cursor (COMP_LINE, COMP_POINT), as on a real Tab.
const request = (line) => {
  const text = line.replace(/""$/, '');
  return `source ${script}; COMP_LINE='${text}'; COMP_POINT=${text.length}; _orch; echo "\${#COMPREPLY[@]}"`;
};
for (const line of ['orch train ""', 'orch train model=', 'orch train training.']) {
  const r = compareCommands(15, ['bash', ['-c', 'true'], { cwd: root }], ['bash', ['-c', request(line)], { cwd: root }]);
  const answers = execFileSync('bash', ['-c', request(line)], { cwd: root }).toString().trim();
  console.log(`completion of '${line.replace(/""$/, '')}': ${r.subjectMs.toFixed(1)} ms median (bash -c true: ${r.baselineMs.toFixed(1)} ms), ${answers} candidates (goal < 100 ms)`);
}
