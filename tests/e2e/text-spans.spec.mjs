// End-to-end test of labelling text spans with the real mouse and keyboard on a text that
// starts with an emoji (a code point beyond U+FFFF: one code point, two UTF-16 units, four
// UTF-8 bytes): a span selected by dragging and labelled by its hotkey, a second one selected
// with Shift+Right and labelled with Enter, an overlapping third one; a click selects a span
// and Delete removes it; undo and redo; the edits survive a reload; the export has code-point
// offsets and the covered text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appState, exampleProject, gotoTask, openAppForFile, screenshot, waitForState, waitFrames, waitSaved,
} from './lib/app.mjs';

const { tasks } = exampleProject();
let page;
openAppForFile({ ready: true, opened: (app) => { ({ page } = app); } });


// Page position of code point boundary `cp` of the shown text (from the app's layout).
function boundary(state, cp) {
  const line = state.text_lines.find((l) => cp >= l.start && cp <= l.end);
  assert.ok(line, `code point ${cp} is on a shown line`);
  return [line.xs[cp - line.start], line.y + line.h / 3];
}

const spansOf = (s) => s.mine.filter((r) => r.kind === 'span').sort((a, b) => a.start - b.start || a.end - b.end);

test('spans are selected with mouse and keyboard, labelled by hotkey, undone, redone and exported in code points', async () => {
  const index = tasks.findIndex((t) => t.data.text && t.data.text.codePointAt(0) > 0xffff);
  assert.ok(index > 0, 'the example has a text starting with an emoji');
  const text = tasks[index].data.text;
  const cps = [...text];
  const cpOf = (word) => [...text.slice(0, text.indexOf(word))].length;
  let s = await gotoTask(page, index);
  assert.equal(s.task.kind, 'text');
  assert.equal(spansOf(s).length, 0);

  // 1. Drag over "paper" (after the emoji) and press l (Place).
  const a = cpOf('paper');
  const [x0, y0] = boundary(s, a);
  const [x1, y1] = boundary(s, a + 5);
  await page.mouse.move(x0, y0);
  await waitFrames(page, 1);
  await page.mouse.down();
  await waitFrames(page, 2);
  await page.mouse.move(x1, y1, { steps: 5 });
  await waitFrames(page, 2);
  await page.mouse.up();
  s = await waitForState(page, (st) => st.text_selection?.[0] === a && st.text_selection?.[1] === a + 5, { what: 'the dragged selection' });
  await page.keyboard.press('l');
  s = await waitForState(page, (st) => spansOf(st).length === 1, { what: 'the first span' });
  assert.deepEqual(spansOf(s).map((r) => [r.start, r.end, r.text, r.labels[0]]), [[a, a + 5, 'paper', 'Place']]);

  // 2. Keyboard: click before "slope", Shift+Right five times, Enter (the current label).
  const b = cpOf('slope');
  const [bx, by] = boundary(s, b);
  await page.mouse.click(bx, by);
  await waitFrames(page, 2);
  for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+ArrowRight');
  s = await waitForState(page, (st) => st.text_selection?.[0] === b && st.text_selection?.[1] === b + 5, { what: 'the keyboard selection' });
  await page.keyboard.press('Enter');
  s = await waitForState(page, (st) => spansOf(st).length === 2, { what: 'the second span' });
  // 3. An overlapping span over "a slope" with q (Quote): spans may overlap.
  const c = b - 2;
  const [cx0, cy0] = boundary(s, c);
  const [cx1, cy1] = boundary(s, b + 5);
  await page.mouse.move(cx0, cy0);
  await page.mouse.down();
  await waitFrames(page, 2);
  await page.mouse.move(cx1, cy1, { steps: 4 });
  await waitFrames(page, 2);
  await page.mouse.up();
  await waitForState(page, (st) => st.text_selection?.[0] === c, { what: 'the third selection' });
  await page.keyboard.press('q');
  s = await waitForState(page, (st) => spansOf(st).length === 3, { what: 'the overlapping span' });
  assert.deepEqual(spansOf(s).map((r) => [r.start, r.end, r.text, r.labels[0]]),
    [[a, a + 5, 'paper', 'Place'], [c, b + 5, 'a slope', 'Quote'], [b, b + 5, 'slope', 'Place']]);
  assert.equal(s.spans_drawn, 3);
  await screenshot(page, 'text-spans-labelled');

  // Undo removes the last span, redo brings it back.
  await page.keyboard.press('Control+z');
  s = await waitForState(page, (st) => spansOf(st).length === 2, { what: 'undo' });
  await page.keyboard.press('Control+Shift+z');
  s = await waitForState(page, (st) => spansOf(st).length === 3, { what: 'redo' });

  // A click on "paper" selects that span; Delete removes it; undo restores it.
  const [px, py] = boundary(s, a + 2);
  await page.mouse.click(px, py);
  s = await waitForState(page, (st) => st.selected && spansOf(st).find((r) => r.id === st.selected)?.text === 'paper', { what: 'the span selected by a click' });
  await page.keyboard.press('Delete');
  s = await waitForState(page, (st) => spansOf(st).length === 2, { what: 'the deleted span' });
  await page.keyboard.press('Control+z');
  s = await waitForState(page, (st) => spansOf(st).length === 3, { what: 'the span restored' });
  await waitSaved(page);

  // Everything survives a reload; the export counts code points (the emoji is one).
  await page.reload();
  s = await waitForState(page, (st) => st.ready && st.task.index === index && spansOf(st).length === 3, { what: 'the spans after a reload', timeout: 60000 });
  const exported = JSON.parse(await page.evaluate(() => window.localabel.exportText()));
  const mine = exported[index].annotations.find((x) => x.completed_by === s.annotator || x.completed_by === 'me');
  assert.ok(mine, 'this annotator\'s annotation is exported');
  const spans = mine.result.filter((r) => r.type === 'labels').map((r) => r.value).sort((p, q) => p.start - q.start || p.end - q.end);
  assert.deepEqual(spans.map((v) => [v.start, v.end, v.text, v.labels[0]]),
    [[a, a + 5, 'paper', 'Place'], [c, b + 5, 'a slope', 'Quote'], [b, b + 5, 'slope', 'Place']]);
  for (const v of spans) assert.equal(cps.slice(v.start, v.end).join(''), v.text, 'offsets are code points');
});
