import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJobcompLog, parseSacct, parseScontrolJobs, parseSqueue, queuedStatus, terminalStatus } from '../../../../src/launchers/slurm/slurm-state.js';

// Captured from the local Slurm 22.05 cluster.
const SACCT = `2_0|COMPLETED|0:0|None
2_1|FAILED|1:0|None
2_2|FAILED|2:0|JobArrayTaskLimit
7_4|CANCELLED by 0|0:15|None
7_[5-9%2]|PENDING|0:0|JobArrayTaskLimit
8_0|OUT_OF_MEMORY|0:125|None
9_3|TIMEOUT|0:0|None
`;

test('parseSacct: per-task states, "by uid" kept in the text, pending ranges skipped', () => {
  const r = parseSacct(SACCT);
  assert.deepEqual(r.map((t) => [t.id, t.state]), [['2_0', 'COMPLETED'], ['2_1', 'FAILED'], ['2_2', 'FAILED'], ['7_4', 'CANCELLED'], ['8_0', 'OUT_OF_MEMORY'], ['9_3', 'TIMEOUT']]);
  assert.equal(r[3]!.stateText, 'CANCELLED by 0');
  assert.equal(r[3]!.exitCode, '0:15');
  assert.equal(r[0]!.reason, undefined);
  assert.equal(r[2]!.reason, 'JobArrayTaskLimit');
});

test('parseSqueue: one line per task with -r', () => {
  const r = parseSqueue('2_2|PENDING|JobArrayTaskLimit\n2_1|RUNNING|None\n\n');
  assert.deepEqual(r.map((t) => [t.id, t.state, t.reason]), [['2_2', 'PENDING', 'JobArrayTaskLimit'], ['2_1', 'RUNNING', undefined]]);
});

test('parseScontrolJobs and the job completion log', () => {
  const scontrol = 'JobId=4 ArrayJobId=2 ArrayTaskId=1 ArrayTaskThrottle=2 JobName=wrap JobState=FAILED Reason=NonZeroExitCode Dependency=(null) ExitCode=1:0 RunTime=00:00:02\n'
    + 'JobId=2 ArrayJobId=2 ArrayTaskId=3-9%2 JobState=PENDING Reason=JobArrayTaskLimit\n';
  assert.deepEqual(parseScontrolJobs(scontrol).map((t) => [t.id, t.state, t.exitCode, t.reason]), [['2_1', 'FAILED', '1:0', 'NonZeroExitCode']]);
  const jobcomp = 'JobId=4 UserId=root(0) GroupId=root(0) Name=wrap JobState=CANCELLED Partition=debug TimeLimit=UNLIMITED NodeList=vm ArrayJobId=2 ArrayTaskId=1 DerivedExitCode=0:0 ExitCode=0:15 \n';
  assert.deepEqual(parseJobcompLog(jobcomp).map((t) => [t.id, t.state, t.exitCode]), [['2_1', 'CANCELLED', '0:15']]);
});

test('Slurm states map onto run statuses', () => {
  const cases: Array<[string, string | undefined]> = [
    ['COMPLETED', 'completed'], ['FAILED', 'failed'], ['CANCELLED', 'cancelled'], ['TIMEOUT', 'timeout'],
    ['OUT_OF_MEMORY', 'failed'], ['NODE_FAIL', 'failed'], ['PENDING', undefined], ['RUNNING', undefined], ['REQUEUED', undefined],
  ];
  for (const [state, want] of cases) assert.equal(terminalStatus(state), want, state);
  assert.equal(queuedStatus('PENDING'), 'pending');
  assert.equal(queuedStatus('RUNNING'), 'running');
  assert.equal(queuedStatus('COMPLETING'), 'running');
});
