import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startMonitoring } from '../../shared/adapters/application-insights-monitoring.js';

describe('startMonitoring', () => {
  it('is a no-op that closes at once when no connection string is set', async () => {
    const monitoring = await startMonitoring({});
    assert.equal(monitoring.enabled, false);
    await monitoring.close();
    await monitoring.close();
  });
});
