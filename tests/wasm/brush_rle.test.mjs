// The brush RLE codec in WebAssembly agrees with @thi.ng/rle-pack (the packer Label Studio's
// editor uses) both ways, on random masks of many sizes including empty and full ones.
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadLocalabel, repo } from './load.mjs';
import { seededRandom as random } from '../lib/random.mjs';

const rlePack = await import(
  pathToFileURL(path.join(repo, 'node_modules/@thi.ng/rle-pack/index.js')).href);
const lb = await loadLocalabel();

function makeMask(rand, w, h, kind) {
  const m = new Uint8Array(w * h);
  if (kind === 'full') m.fill(1);
  if (kind === 'noise') for (let i = 0; i < m.length; i++) m[i] = rand() < 0.5 ? 1 : 0;
  if (kind === 'runs') {
    let v = 0;
    for (let i = 0; i < m.length; ) {
      const n = 1 + Math.floor(rand() * rand() * 200);
      m.fill(v, i, Math.min(m.length, i + n));
      i += n;
      v ^= 1;
    }
  }
  if (kind === 'disk') {
    const cx = rand() * w, cy = rand() * h, r = rand() * Math.max(w, h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) m[y * w + x] = (x - cx) ** 2 + (y - cy) ** 2 < r * r ? 1 : 0;
  }
  return m;
}

// RGBA as Label Studio's editor has it (stroke colour + alpha) or as its converter writes it.
function rgbaOf(mask, colour) {
  const out = new Uint8Array(mask.length * 4);
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    out[i * 4] = colour[0];
    out[i * 4 + 1] = colour[1];
    out[i * 4 + 2] = colour[2];
    out[i * 4 + 3] = colour[3];
  }
  return out;
}

const kinds = ['empty', 'full', 'noise', 'runs', 'disk'];

test('agrees with @thi.ng/rle-pack both ways on 1,200 random masks', () => {
  const rand = random(20240611);
  let checked = 0;
  const seen = new Set();
  for (let trial = 0; trial < 1200; trial++) {
    const big = trial % 50 === 0;  // some masks with runs longer than 65,536 values
    const w = big ? 200 + Math.floor(rand() * 200) : 1 + Math.floor(rand() * 90);
    const h = big ? 100 + Math.floor(rand() * 150) : 1 + Math.floor(rand() * 70);
    const kind = kinds[trial % kinds.length];
    seen.add(kind);
    const mask = makeMask(rand, w, h, kind);
    const colour = trial % 2 === 0
      ? [255, 255, 255, 255]
      : [Math.floor(rand() * 256), Math.floor(rand() * 256), Math.floor(rand() * 256), 1 + Math.floor(rand() * 255)];
    const rgba = rgbaOf(mask, colour);

    // Their encode, our decode.
    const theirs = rlePack.encode(rgba, rgba.length);
    const decoded = lb.decodeBrushRle(theirs, w, h);
    assert.deepEqual(decoded, mask, `trial ${trial}: ${w}x${h} ${kind}`);
    assert.deepEqual(lb.decodeBrushRleRgba(theirs, w, h), rgba, `trial ${trial} RGBA`);

    // Our encode, their decode.
    const ours = lb.encodeBrushRle(w, h, mask);
    assert.ok(ours.every((b) => Number.isInteger(b) && b >= 0 && b <= 255));
    const back = rlePack.decode(new Uint8Array(ours));
    assert.deepEqual(back, rgbaOf(mask, [255, 255, 255, 255]), `trial ${trial}: rle-pack decode`);
    checked++;
  }
  assert.equal(checked, 1200);
  assert.deepEqual([...seen].sort(), [...kinds].sort());
});

test('reports bad streams as typed errors, not crashes', () => {
  const ours = lb.encodeBrushRle(4, 3, makeMask(random(1), 4, 3, 'noise'));
  const expectCode = (fn, code) => assert.throws(fn, (e) => e.name === 'LocalabelError' && e.code === code);
  expectCode(() => lb.decodeBrushRle(ours.slice(0, ours.length - 2), 4, 3), 'InvalidFormat');
  expectCode(() => lb.decodeBrushRle(ours.slice(0, 3), 4, 3), 'InvalidFormat');
  expectCode(() => lb.decodeBrushRle(ours, 5, 3), 'LengthMismatch');
  expectCode(() => lb.decodeBrushRle(ours, 0, 3), 'OutOfRange');
  expectCode(() => lb.decodeBrushRle([...ours, 1, 2], 4, 3), 'InvalidFormat');
  expectCode(() => lb.decodeBrushRle([...ours.slice(0, -1), 256], 4, 3), 'OutOfRange');
  expectCode(() => lb.decodeBrushRle('abc', 4, 3), 'WrongType');
  expectCode(() => lb.encodeBrushRle(4, 3, new Uint8Array(11)), 'LengthMismatch');
  expectCode(() => lb.encodeBrushRle(1.5, 3, new Uint8Array(3)), 'InvalidArgument');
  expectCode(() => lb.decodeBrushRleRgba(ours, 1 << 14, 1 << 13), 'OutOfRange');
});
