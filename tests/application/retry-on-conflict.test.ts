import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../shared/domain/domain-error.js';
import { retryOnConflict } from '../../shared/application/retry-on-conflict.js';

const conflict = () => new DomainError('concurrency_conflict', 'Another writer committed first.');

describe('retryOnConflict', () => {
  it('runs the step again after a conflict and returns what the first successful attempt returns', async () => {
    let calls = 0;
    const result = await retryOnConflict(() => {
      calls += 1;
      return calls < 3 ? Promise.reject(conflict()) : Promise.resolve(`attempt ${calls}`);
    });
    assert.equal(result, 'attempt 3');
  });

  it('throws the conflict once every attempt has lost', async () => {
    let calls = 0;
    await assert.rejects(
      retryOnConflict(
        () => {
          calls += 1;
          return Promise.reject(conflict());
        },
        { attempts: 4 },
      ),
      { code: 'concurrency_conflict' },
    );
    assert.equal(calls, 4);
  });

  it('throws any other error at once, without another attempt', async () => {
    let calls = 0;
    await assert.rejects(
      retryOnConflict(() => {
        calls += 1;
        return Promise.reject(new Error('storage unavailable'));
      }),
      { message: 'storage unavailable' },
    );
    assert.equal(calls, 1);
  });
});
