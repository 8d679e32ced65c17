import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalPlanJob } from '../../../src/store/plan-record-reader.js';
import { decodePlanJob, encodePlanJob, type PlanJob } from '../../../src/store/plan-record-format.js';

const line = (j: PlanJob): string => encodePlanJob(j).slice(0, -1);
const job = (num: number, overrides: string[], dir = String(num), extra: Partial<PlanJob> = {}): PlanJob =>
  ({ num, overrides, overrideDirname: overrides.join(','), dir, configHash: 'sha256:abc', ...extra });

test('canonicalPlanJob reads what encodePlanJob wrote, as the full decoder does', () => {
  const jobs = [
    job(0, ['a=0', 'b=0']), job(1, []), job(12, ['model=cnn', 'lr=0.1'], 'model=cnn/lr=0.1'),
    job(3, ['x=[1,2]', 'y={a: 1}', 's=é ü 中', 'e=']), job(4, ['q="quoted"', 'b=back\\slash']), job(5, ['t=a\tb']),
    job(6, ['a=1'], 'd', { overrideDirname: '' }), job(7, ['a=1'], 'd', { configHash: '' }),
  ];
  let fast = 0;
  for (const j of jobs) {
    const text = line(j);
    const got = canonicalPlanJob(text, j.num);
    if (got !== undefined) fast++;
    assert.deepEqual(got ?? decodePlanJob(text, j.num), decodePlanJob(text, j.num), text);
    assert.deepEqual(decodePlanJob(text, j.num), j);
  }
  assert.equal(fast, 6, 'only the lines with escapes take the full decoder');
});

test('canonicalPlanJob leaves every line it cannot vouch for to the full decoder', () => {
  const ok = line(job(2, ['a=1']));
  for (const [text, num] of [
    [ok, 3], // another number than expected: the decoder names it
    [ok.replace('"num":2', '"num":02'), 2],
    [ok.replace('"dir":"2"', '"dir":"../x"'), 2],
    [ok.replace('"dir":"2"', '"dir":"/abs"'), 2],
    [ok.replace('"dir":"2"', '"dir":""'), 2],
    [ok.replace('}', ',"more":1}'), 2],
    [ok.slice(0, -5), 2],
    [`{"overrides":["a=1"],"num":2,"overrideDirname":"a=1","dir":"2","configHash":"h"}`, 2],
  ] as Array<[string, number]>) {
    assert.equal(canonicalPlanJob(text, num), undefined, text);
  }
});
