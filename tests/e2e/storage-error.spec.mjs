// A storage failure is shown, not swallowed: with the origin's quota overridden to almost
// nothing (Chromium's DevTools Storage.overrideQuotaForOrigin), an edit cannot be written to
// IndexedDB; the page says so, the app's status says NOT SAVED, and the edit is not counted
// as saved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appState, dragImage, key, openAppForFile, screenshot, waitForState,
} from './lib/app.mjs';

let server;
let browser;
let page;

openAppForFile({ opened: (app) => { ({ server, browser, page } = app); } });

test('a quota error while saving an edit is shown on the page', async () => {
  await waitForState(page, (s) => s.ready, { what: 'the first task' });
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(server.url).origin, quotaSize: 1 });
  await key(page, 'b');
  // Several boxes with a large enough record each to exceed any rounding of the quota.
  for (let i = 0; i < 3; i++) {
    const s = await appState(page);
    await dragImage(page, s, [50 + i * 100, 60], [120 + i * 100, 160]);
  }
  const s = await waitForState(page, (st) => st.events.error !== '', { what: 'the storage error' });
  assert.match(s.events.error, /NOT saved/);
  assert.match(s.events.error, /Quota/i);
  assert.ok(s.events.acked < s.events.next_seq - 1, 'failed edits are not counted as saved');
  const message = await page.locator('#message').textContent();
  assert.match(message, /NOT saved/);
  assert.ok(await page.locator('#message').isVisible(), 'the message is visible');
  await screenshot(page, '12-storage-error');
});
