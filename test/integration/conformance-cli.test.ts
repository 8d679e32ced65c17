/**
 * The conformance corpus through the real CLI (`orch compose`), as an outside checker would run it:
 * argv passed without a shell, stdout parsed with an order-preserving JSON parser. This guards what
 * the in-process suite (test/conformance.test.ts) cannot: argument parsing and the JSON output.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { ORCH_BIN } from '../helpers/paths.js';
import { conformanceCases } from '../helpers/conformance.js';
import { parseOrderedJson } from '../../src/config/ordered-json.js';
import { isDict, toJson, type CfgDict, type CfgValue } from '../../src/value/value.js';

function runCompose(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [ORCH_BIN, 'compose', ...args], { env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

const get = (m: CfgValue | undefined, k: string): CfgValue => (isDict(m) ? m.get(k)! : assert.fail(`no '${k}'`));
const same = (a: CfgValue, b: CfgValue, what: string) => assert.equal(toJson(a, 1), toJson(b, 1), what);

describe('conformance corpus through `orch compose`', { concurrency: 2 }, () => {
  for (const { name, input, expectedText, configDir } of conformanceCases()) {
    test(name, async () => {
      const expected = parseOrderedJson(expectedText) as CfgDict;
      const args = ['--config-dir', configDir];
      if (input.config_name !== null) args.push('--config-name', input.config_name);
      if (input.multirun) args.push('--multirun');
      const res = await runCompose([...args, ...input.overrides]);

      if (expected.get('ok') === false) {
        assert.notEqual(res.code, 0, `should fail; stdout: ${res.stdout.slice(0, 300)}`);
        assert.equal(res.stdout, '', 'nothing on stdout on error');
        assert.doesNotMatch(res.stderr, /^\s+at /m, 'no stack trace');
        for (const token of get(expected, 'must_mention') as string[]) {
          assert.ok(res.stderr.toLowerCase().includes(token.toLowerCase()), `stderr should mention '${token}':\n${res.stderr}`);
        }
        if (expected.get('phase') === 'resolve') {
          const unresolved = await runCompose(['--unresolved', ...args, ...input.overrides]);
          assert.equal(unresolved.code, 0, unresolved.stderr);
          const job = (get(parseOrderedJson(unresolved.stdout), 'jobs') as CfgDict[])[0]!;
          same(get(job, 'config_unresolved'), get(expected, 'config_unresolved'), 'config_unresolved');
        }
        return;
      }
      assert.equal(res.code, 0, res.stderr);
      const jobs = get(parseOrderedJson(res.stdout), 'jobs') as CfgDict[];
      const want = input.multirun ? (get(expected, 'jobs') as CfgDict[]) : [expected];
      assert.equal(jobs.length, want.length, 'number of jobs');
      jobs.forEach((job, i) => {
        if (input.multirun) assert.deepEqual(get(job, 'overrides'), get(want[i], 'overrides'), `job ${i} overrides`);
        assert.equal(get(job, 'override_dirname'), get(want[i], 'override_dirname'), `job ${i} override_dirname`);
        same(get(job, 'config'), get(want[i], 'config'), `job ${i} config`);
        same(get(job, 'config_unresolved'), get(want[i], 'config_unresolved'), `job ${i} config_unresolved`);
      });
    });
  }
});
