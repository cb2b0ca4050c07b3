// A large test image with known pixels: a PNG (8-bit RGB) of `size` x `size` pixels cut into
// cells of 256 x 256 pixels. Cell (cx, cy) has red = 2 + 4 cx mod 256 and green = 2 + 4 cy
// mod 256, so a pixel's colour names its cell; blue is a 4 x 4 pixel checkerboard of 0 and
// 255 (averaged to about 128 by any downscaled copy, so full-resolution pixels can be told
// from an overview). Lines 2 pixels wide every 1024 pixels (x or y mod 1024 < 2) are black.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

export const CELL = 256;

/** The expected colour [r, g, b] of image pixel (x, y). */
export function gridColor(x, y) {
  if (x % 1024 < 2 || y % 1024 < 2) return [0, 0, 0];
  const cx = Math.floor(x / CELL);
  const cy = Math.floor(y / CELL);
  const b = ((x >> 2) + (y >> 2)) & 1 ? 255 : 0;
  return [(2 + 4 * cx) & 255, (2 + 4 * cy) & 255, b];
}

function crc32(buf) {
  let c = ~0;
  for (let i = 0; i < buf.length; i++) {
    c ^= buf[i];
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, body) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

// The filtered scanlines: a row equal to the one above (same band of 4 rows, same cell row)
// is written with the Up filter (all zeros), others unfiltered.
function* scanlines(size) {
  const stride = size * 3;
  let previousKey = null;
  for (let y = 0; y < size; y++) {
    const key = y % 1024 < 2 ? 'line' : `${Math.floor(y / CELL)}/${(y >> 2) & 1}`;
    const line = Buffer.alloc(stride + 1);
    if (key === previousKey) {
      line[0] = 2;
    } else {
      for (let x = 0; x < size; x++) {
        const [r, g, b] = gridColor(x, y);
        line[1 + 3 * x] = r;
        line[2 + 3 * x] = g;
        line[3 + 3 * x] = b;
      }
    }
    previousKey = key;
    yield line;
  }
}

/**
 * Writes the image to `file` (PNG) unless it exists with the right size; returns the path.
 * Default: a file in the system's temporary folder, reused across runs.
 */
export async function gridImage(size, file = path.join(os.tmpdir(), `localabel-grid-${size}-v1.png`)) {
  if (fs.existsSync(file) && fs.statSync(file).size > 0) return file;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const parts = [];
  await pipeline(scanlines(size), zlib.createDeflate({ level: 1 }), async function* (source) {
    for await (const data of source) parts.push(data);
  });
  const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.concat(parts)), chunk('IEND', Buffer.alloc(0))]);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, png);
  fs.renameSync(tmp, file);
  return file;
}
