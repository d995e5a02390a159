import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { preferredWaitSeconds } from '../../shared/http/prefer-wait.js';

describe('preferredWaitSeconds', () => {
  const cases: [string | null, number | undefined][] = [
    ['wait=5', 5],
    ['respond-async, wait=5', 5],
    ['wait="7"', 7],
    ['WAIT = 3', 3],
    ['wait=5; foo=bar', 5],
    ['wait=600', 20],
    ['wait=0', 0],
    ['wait=-1', undefined],
    ['wait=soon', undefined],
    ['return=minimal', undefined],
    [null, undefined],
  ];
  for (const [header, expected] of cases) {
    it(`is ${String(expected)} when Prefer is ${String(header)}`, () => {
      assert.equal(preferredWaitSeconds(header, 20), expected);
    });
  }
});
