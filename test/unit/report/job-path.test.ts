import { test } from 'node:test';
import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { dirInSweep } from '../../../src/report/job-path.js';

test('dirInSweep: what path.relative says, for job dirs below, at and outside their sweep dir', () => {
  const cases: Array<[string, string]> = [
    ['/s/sweep', '/s/sweep/3'], ['/s/sweep', '/s/sweep/a=1,b=2/seed=0'], ['/s/sweep/', '/s/sweep/7'],
    ['/s/sweep', '/s/sweep'], ['/s/sweep', '/s/sweepish/1'], ['/s/sweep', '/s/other/1'],
    ['/s/sweep', '/s/sweep/../x'], ['/s/sweep', '/s/sweep/./4'], ['/s/sweep', '/s/sweep/5/'],
  ];
  for (const [sweepDir, dir] of cases) assert.equal(dirInSweep({ sweepDir, dir }), relative(sweepDir, dir), `${sweepDir} ${dir}`);
});
