import test from 'node:test';
import assert from 'node:assert/strict';
import { loadLocalabel } from './load.mjs';

test('the facade loads in Node and reports its version', async () => {
  const lb = await loadLocalabel();
  assert.match(lb.version, /^\d+\.\d+\.\d+$/);
});
