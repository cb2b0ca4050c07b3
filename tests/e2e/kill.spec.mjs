// Never lose work: the browser process is killed (SIGKILL, no unload) at random moments
// during scripted edits, then restarted on the same profile; every edit the app had
// acknowledged as saved before the kill must be back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  appState, imageToPage, key, killBrowserOnProfile, launchBrowser, startServer, waitForState,
  waitFrames,
} from './lib/app.mjs';
import { seededRandom as random } from '../lib/random.mjs';

const KILLS = 20;

let server;
let profile;

before(async () => {
  server = await startServer();
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'localabel-kill-'));
});

after(async () => {
  await server?.close();
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test('edits acknowledged before a browser kill are all restored', async () => {
  const seed = Number(process.env.LOCALABEL_KILL_SEED ?? Date.now() % 100000);
  console.log(`seed ${seed}`);
  const rnd = random(seed);
  const ackedCreates = new Set();  // region ids whose create_region was acknowledged
  let ackedEvents = 0;             // highest acknowledged event count seen
  const start = Date.now();
  let rounds = 0;
  let totalChecked = 0;
  const absorb = (s) => {
    if (!s) return;
    for (const e of s.log) if (e.acked && e.type === 'create_region') ackedCreates.add(e.region);
    ackedEvents = Math.max(ackedEvents, s.events.acked);
  };
  while (rounds < KILLS) {
    rounds++;
    const browser = await launchBrowser({ profile });
    const page = await browser.context.newPage();
    await page.goto(server.url);
    const s = await waitForState(page, (st) => st.ready, { what: `restart ${rounds}` });
    // Everything acknowledged before the last kill is back.
    const ids = new Set(s.mine.map((r) => r.id));
    for (const id of ackedCreates) assert.ok(ids.has(id), `round ${rounds}: region ${id} was acknowledged but is missing`);
    assert.ok(s.events.replayed >= ackedEvents,
      `round ${rounds}: ${s.events.replayed} events replayed, ${ackedEvents} were acknowledged`);
    assert.equal(s.events.skipped, 0, 'no stored record is unreadable');
    assert.equal(s.events.error, '');
    totalChecked = ackedCreates.size;

    // Scripted edits: boxes drawn at random places, some nudged, until the kill.
    let stop = false;
    const editing = (async () => {
      try {
        await key(page, 'b');
        const st = await appState(page);
        while (!stop) {
          const x = 20 + rnd() * 400;
          const y = 20 + rnd() * 400;
          const [x0, y0] = imageToPage(st, x, y);
          const [x1, y1] = imageToPage(st, x + 20 + rnd() * 60, y + 20 + rnd() * 60);
          await page.mouse.move(x0, y0);
          await page.mouse.down();
          await waitFrames(page, 1);
          await page.mouse.move(x1, y1, { steps: 2 });
          await waitFrames(page, 1);
          await page.mouse.up();
          await waitFrames(page, 1);
          if (rnd() < 0.4) await page.keyboard.press('ArrowRight');
          absorb(await appState(page));
        }
      } catch {
        // The browser was killed under the script.
      }
    })();
    // The random moment is counted from the round's first acknowledged edit, so that every
    // round kills the browser with saved edits behind it and others in flight, however slow
    // the machine is.
    const ackedBefore = ackedEvents;
    const armDeadline = Date.now() + 60_000;
    while (ackedEvents <= ackedBefore && Date.now() < armDeadline) {
      await sleep(100);
      try {
        absorb(await appState(page));
      } catch {
        break;
      }
    }
    await sleep(rnd() * 3000);
    try {
      absorb(await appState(page));
    } catch {
      // ignore: only acknowledgements actually observed count
    }
    killBrowserOnProfile(profile);
    stop = true;
    await editing;
    await Promise.race([browser.context.close().catch(() => {}), sleep(5000)]);
  }
  // A last restart checks the edits of the final round.
  const browser = await launchBrowser({ profile });
  const page = await browser.context.newPage();
  await page.goto(server.url);
  const s = await waitForState(page, (st) => st.ready, { what: 'the final restart' });
  const ids = new Set(s.mine.map((r) => r.id));
  for (const id of ackedCreates) assert.ok(ids.has(id), `final: region ${id} missing`);
  assert.ok(s.events.replayed >= ackedEvents);
  await browser.context.close();
  console.log(`${rounds} kills in ${((Date.now() - start) / 1000).toFixed(0)} s; ` +
    `${ackedCreates.size} acknowledged boxes and ${ackedEvents} acknowledged events all restored ` +
    `(${s.events.replayed} events stored, ${s.mine.length} regions)`);
  assert.ok(ackedCreates.size > totalChecked || ackedCreates.size >= rounds,
    'the script made and acknowledged edits');
  assert.equal(rounds, KILLS);
});
