import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { isAlive, procStateOf } from '../../src/process-alive.js';

test('a running process is alive, an exited and reaped one is not', async () => {
  assert.equal(isAlive(process.pid), true);
  const child = spawn('true');
  const pid = child.pid!;
  await new Promise((resolve) => child.on('close', resolve));
  assert.equal(isAlive(pid), false);
});

test('a zombie (exited, its parent has not reaped it) is not alive, though kill(pid, 0) succeeds', async () => {
  // The parent forks a child that exits at once, and waits for its stdin without reaping it.
  const parent = spawn('python3', ['-c', 'import os, sys\npid = os.fork()\nif pid == 0:\n    os._exit(0)\nprint(pid, flush=True)\nsys.stdin.read()'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const closed = new Promise((resolve) => parent.on('close', resolve));
  try {
    const pid = Number(await new Promise<string>((resolve) => parent.stdout!.once('data', (d: Buffer) => resolve(String(d)))));
    while (procStateOf(pid) !== 'Z') await new Promise((r) => setTimeout(r, 10));
    assert.doesNotThrow(() => process.kill(pid, 0));
    assert.equal(isAlive(pid), false);
  } finally {
    parent.stdin!.end();
    await closed;
  }
});
