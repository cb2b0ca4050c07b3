// End-to-end: the page reports files it cannot use instead of failing silently.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, startServer, waitForState } from './lib/app.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('a project that is not JSON shows the parser error with its place', async () => {
  const page = await browser.context.newPage();
  // index.html is served, but it is not a Label Studio task list.
  await page.goto(`${server.url}?project=/index.html`);
  const s = await waitForState(page, (x) => x.frame > 2 && x.status !== '', { what: 'an error' });
  assert.equal(s.loaded, false);
  assert.match(s.status, /^Could not open the project: .*line 1/);
  const message = await page.locator('#message').textContent();
  // The page's message names the project's address and says what to do next.
  assert.ok(message.startsWith(s.status.replace(/^Could not open the project: /, `Could not open the project ${new URL('/index.html', server.url).href}: `)), message);
  assert.match(message, /"New project…" \(bottom right\), or open the example project\.$/);
  assert.ok(await page.locator('#message').isVisible());
  await screenshot(page, '10-project-not-json');
  await page.close();
});

test('a missing project file is reported with its URL', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}?project=/examples/no-such-project.json`);
  await page.locator('#message').waitFor({ state: 'visible' });
  const message = await page.locator('#message').textContent();
  assert.match(message, /no-such-project\.json: there is no file at that address \(HTTP 404\)/);
  await page.close();
});
