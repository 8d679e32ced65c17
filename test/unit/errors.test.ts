import { test } from 'node:test';
import assert from 'node:assert/strict';
import { didYouMean, sentences } from '../../src/errors.js';

test('didYouMean names the closest candidate in the one spelling, as the caller writes it', () => {
  assert.equal(didYouMean('n_job', ['n_jobs', 'timeout_min']), 'Did you mean n_jobs?');
  assert.equal(didYouMean('n_job', ['n_jobs'], (c) => `orch.launcher.${c}`), 'Did you mean orch.launcher.n_jobs?');
  assert.equal(didYouMean('zzzzzz', ['n_jobs', 'timeout_min']), undefined);
  assert.equal(didYouMean('x', []), undefined);
});

test('sentences joins the parts of a hint that are there', () => {
  assert.equal(sentences(didYouMean('lr', ['lr2']), 'Keys: lr2.'), 'Did you mean lr2? Keys: lr2.');
  assert.equal(sentences(undefined, 'Keys: a.', ''), 'Keys: a.');
});
