import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  entityTagOf,
  noneMatchHits,
  parseEntityTagCondition,
  strongVersionsOf,
} from '../../shared/http/entity-tags.js';

describe('entity tags', () => {
  it('are strong and carry the order version', () => {
    assert.equal(entityTagOf(3), '"3"');
  });

  const parsed: [string, number[]][] = [
    ['"3"', [3]],
    ['"3", "4"', [3, 4]],
    ['W/"3"', []],
    ['"3", W/"4"', [3]],
    ['"abc"', []],
    ['"0"', []],
  ];
  for (const [header, versions] of parsed) {
    it(`names the versions ${JSON.stringify(versions)} by strong tags when If-Match is ${header}`, () => {
      const condition = parseEntityTagCondition(header, 'If-Match');
      assert.ok(condition?.kind === 'tags');
      assert.deepEqual(strongVersionsOf(condition), versions);
    });
  }

  it('reads * as any and an absent or blank header as no condition', () => {
    assert.deepEqual(parseEntityTagCondition(' * ', 'If-Match'), { kind: 'any' });
    assert.equal(parseEntityTagCondition(null, 'If-Match'), undefined);
    assert.equal(parseEntityTagCondition('  ', 'If-Match'), undefined);
  });

  for (const header of ['3', '"3', '"3" "4"', 'W/3', '"a"b"']) {
    it(`refuses with validation_failed when the header is ${header}`, () => {
      assert.throws(() => parseEntityTagCondition(header, 'If-Match'), { code: 'validation_failed' });
    });
  }

  it('matches If-None-Match weakly, so a weak copy of the current tag is not modified', () => {
    assert.equal(noneMatchHits(parseEntityTagCondition('W/"3"', 'If-None-Match'), 3), true);
    assert.equal(noneMatchHits(parseEntityTagCondition('"2", "3"', 'If-None-Match'), 3), true);
    assert.equal(noneMatchHits(parseEntityTagCondition('"2"', 'If-None-Match'), 3), false);
    assert.equal(noneMatchHits(parseEntityTagCondition('*', 'If-None-Match'), 3), true);
    assert.equal(noneMatchHits(undefined, 3), false);
  });
});
