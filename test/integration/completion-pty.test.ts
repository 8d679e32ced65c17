/**
 * Tab completion as a user meets it: `orch completion bash|zsh` sourced by a real interactive shell
 * in a pseudo-terminal (tmux), keys typed, Tab pressed, the line run. `orch` is a shell function
 * there that prints its arguments, so what completion left on the line is what the test reads.
 * No timing: each line's output is polled for with a generous overall limit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyFixture, orch } from '../helpers/cli.js';

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const LIMIT_MS = 60_000;

interface Line { type: string; then?: string }

/** Types each line (Tab where the text has `\t`) in a fresh shell and returns what `orch` received. */
function typeInShell(shell: 'bash' | 'zsh', project: string, cwd: string, lines: Line[]): string[] {
  const home = join(project, '.home');
  mkdirSync(home, { recursive: true });
  const script = orch(project, ['completion', shell]);
  assert.equal(script.code, 0, script.stderr);
  writeFileSync(join(home, `completion.${shell}`), script.stdout);
  const fake = `orch() { printf '<%s>' "$@"; printf '\\n'; }\n`;
  if (shell === 'bash') writeFileSync(join(home, 'rc'), `PS1='$ '\n${fake}source ${home}/completion.bash\n`);
  else writeFileSync(join(home, '.zshrc'), `PS1='$ '\nautoload -U compinit && compinit -u\n${fake}source ${home}/completion.zsh\n`);
  const socket = `orch-test-${process.pid}-${shell}`;
  const tmux = (...args: string[]) => spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', env: { ...process.env, HOME: home, ZDOTDIR: home, TERM: 'xterm' } });
  const cmd = shell === 'bash' ? `bash --noprofile --rcfile ${home}/rc -i` : 'zsh -i';
  const started = tmux('new-session', '-d', '-x', '250', '-y', '60', '-c', cwd, cmd);
  assert.equal(started.status, 0, started.stderr);
  try {
    // Keys typed before the first prompt may be dropped by the shell's line editor.
    waitFor(() => tmux('capture-pane', '-p').stdout.includes('$'), `${shell}: first prompt`);
    const outputs = () => tmux('capture-pane', '-p', '-J', '-S', '-500').stdout.split('\n').filter((l) => l.startsWith('<'));
    for (const [i, line] of lines.entries()) {
      for (const [j, part] of line.type.split('\t').entries()) {
        if (j > 0) tmux('send-keys', 'Tab');
        if (part) tmux('send-keys', '-l', part);
      }
      if (line.then) tmux('send-keys', '-l', line.then);
      tmux('send-keys', 'Enter');
      waitFor(() => outputs().length > i, `${shell}: output of '${line.type}'`);
    }
    return outputs();
  } finally {
    tmux('kill-server');
  }
}

function waitFor(done: () => boolean, what: string): void {
  const deadline = Date.now() + LIMIT_MS;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
}

const LINES: Line[] = [
  { type: 'orch train model=\t' },
  { type: 'orch train model=net2\t' },
  { type: 'orch train +launcher=sl\t' },
  { type: 'orch train +sweeper=tp\t' },
  { type: 'orch train orch.launcher.n_j\t', then: '2' },
  { type: 'orch train model.w\t', then: '3' },
  { type: 'orch train db/engine=\t' },
  { type: 'orch sta\t' },
];
const EXPECTED = [
  '<train><model=net>',
  '<train><model=net2>',
  '<train><+launcher=slurm>',
  '<train><+sweeper=tpe>',
  '<train><orch.launcher.n_jobs=2>',
  '<train><model.width=3>',
  '<train><db/engine=innodb>',
  '<status>',
];

for (const shell of ['bash', 'zsh'] as const) {
  const skip = !has('tmux') ? 'tmux is not installed' : !has(shell) ? `${shell} is not installed` : false;
  test(`${shell}: Tab completes groups, options, keys, orch settings and sub-commands in a real terminal`, { skip }, () => {
    const project = copyFixture('completion');
    assert.deepEqual(typeInShell(shell, project, project, LINES), EXPECTED);
  });
  test(`${shell}: completion finds the project's config from a subdirectory`, { skip }, () => {
    const project = copyFixture('completion');
    const sub = join(project, 'config', 'model');
    assert.deepEqual(typeInShell(shell, project, sub, [{ type: 'orch train model=n\t' }]), ['<train><model=net>']);
  });
}
