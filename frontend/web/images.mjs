// Decodes images with the browser for the app. Images up to TILED_ABOVE pixels on both sides
// are handed over whole as RGBA bytes (one texture in the app). Larger ones (e.g. 16k x 16k,
// 1 GiB as RGBA) are never copied whole: the decoded ImageBitmap stays in the browser, the
// app gets a downscaled overview (longest side at most OVERVIEW_SIDE) and asks for tiles of the
// region it shows (frontend/app/tiles.h); each tile is cut from the bitmap when asked for.

/** Images with a side longer than this are tiled (kTiledAbove in frontend/app/tiles.h). */
export const TILED_ABOVE = 4096;
/** Longest side of a tiled image's overview, in pixels. */
export const OVERVIEW_SIDE = 2048;
// Tiled images whose decoded bitmap is kept (the others keep their compressed bytes and are
// decoded again when a tile of theirs is asked for), and tiled images known at all.
const MAX_BITMAPS = 2;
const MAX_TILED = 8;

/**
 * Width and height from the header of a PNG or baseline/progressive JPEG file; null for
 * other formats or a header that cannot be read.
 */
export function imageSize(bytes) {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 24 && v.getUint32(0) === 0x89504e47 && v.getUint32(12) === 0x49484452) {
    return { width: v.getUint32(16), height: v.getUint32(20) };
  }
  if (bytes.length < 4 || v.getUint16(0) !== 0xffd8) return null;
  let pos = 2;
  while (pos + 9 <= bytes.length) {
    if (bytes[pos] !== 0xff) return null;
    const marker = bytes[pos + 1];
    if (marker === 0xff) {
      pos++;
      continue;
    }
    const length = v.getUint16(pos + 2);
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC): height, then width.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { width: v.getUint16(pos + 7), height: v.getUint16(pos + 5) };
    }
    pos += 2 + length;
  }
  return null;
}

async function fetchBlob(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.blob();
}

async function decode(blob, url, options) {
  try {
    return await createImageBitmap(blob, options);
  } catch (e) {
    throw new Error(`${url}: not a decodable image (${e.message})`);
  }
}

function rgbaOf(bitmap, width, height) {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  ctx.drawImage(bitmap, 0, 0);
  return ctx.getImageData(0, 0, width, height).data;
}

/**
 * Fetches `url` and decodes it to {width, height, rgba: Uint8ClampedArray}.
 * Throws an Error whose message says what failed (HTTP status, decoding).
 */
export async function loadImageRgba(url) {
  const blob = await fetchBlob(url);
  const bitmap = await decode(blob, url, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  const { width, height } = bitmap;
  const rgba = rgbaOf(bitmap, width, height);
  bitmap.close();
  return { width, height, rgba };
}

// Scratch canvases of the halving steps (reused; step i holds the image after i halvings).
const scratch = [];

/**
 * Draws the rectangle (sx, sy, sw, sh) of `source` into `ctx` at (dx, dy), reduced by 2^k
 * (to ceil(sw / 2^k) x ceil(sh / 2^k) pixels): k halvings with bilinear filtering, each an
 * average of 2 x 2 pixels, so no mipmaps of the whole (possibly 1 GiB) source are built, as
 * 'medium' or 'high' smoothing would.
 */
function drawReduced(source, sx, sy, sw, sh, k, ctx, dx, dy) {
  let src = source;
  let [x, y, w, h] = [sx, sy, sw, sh];
  if (k === 0) {
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(src, x, y, w, h, dx, dy, w, h);
    return;
  }
  for (let step = 1; step <= k; step++) {
    const nw = Math.ceil(w / 2);
    const nh = Math.ceil(h / 2);
    let target = ctx;
    let [tx, ty] = [dx, dy];
    if (step < k) {
      scratch[step] ??= new OffscreenCanvas(nw, nh);
      const canvas = scratch[step];
      if (canvas.width < nw || canvas.height < nh) {
        canvas.width = Math.max(canvas.width, nw);
        canvas.height = Math.max(canvas.height, nh);
      }
      target = canvas.getContext('2d');
      target.clearRect(0, 0, nw, nh);
      [tx, ty] = [0, 0];
    }
    target.imageSmoothingEnabled = true;
    target.imageSmoothingQuality = 'low';
    target.drawImage(src, x, y, w, h, tx, ty, nw, nh);
    src = scratch[step];
    [x, y, w, h] = [0, 0, nw, nh];
  }
}

// Copies `bytes` into the module's memory, calls fn(pointer) and frees them.
function withHeapCopy(module, bytes, fn) {
  const ptr = module._malloc(Math.max(1, bytes.length));
  try {
    module.HEAPU8.set(bytes, ptr);
    return fn(ptr);
  } finally {
    module._free(ptr);
  }
}

// Tiled images of one app module: task index -> {url, blob, width, height, bitmap: Promise or
// null, used}, oldest use first; tile requests are answered one at a time.
const tiledByModule = new WeakMap();

function tiledImages(module) {
  let state = tiledByModule.get(module);
  if (state) return state;
  state = { images: new Map(), queue: Promise.resolve(), canvas: null, ctx: null, clock: 0 };
  tiledByModule.set(module, state);
  module.onImageTileRequest = (task, level, tx, ty, x, y, w, h, outW, outH) => {
    state.queue = state.queue.then(() => cutTile(module, state, { task, level, tx, ty, x, y, w, h, outW, outH }))
      .catch((e) => console.error(`tile ${level}/${tx}/${ty} of task ${task}: ${e.message}`));
  };
  return state;
}

function bitmapOf(state, image) {
  image.used = ++state.clock;
  if (!image.bitmap) {
    image.bitmap = decode(image.blob, image.url);
    const decoded = [...state.images.values()].filter((i) => i.bitmap);
    decoded.sort((a, b) => a.used - b.used);
    for (const old of decoded.slice(0, Math.max(0, decoded.length - MAX_BITMAPS))) {
      old.bitmap.then((b) => b.close(), () => {});
      old.bitmap = null;
    }
  }
  return image.bitmap;
}

async function cutTile(module, state, t) {
  const image = state.images.get(t.task);
  if (!image) return;
  const bitmap = await bitmapOf(state, image);
  if (state.images.get(t.task) !== image) return; // replaced meanwhile
  if (!state.canvas) {
    state.canvas = new OffscreenCanvas(t.outW, t.outH);
    state.ctx = state.canvas.getContext('2d', { willReadFrequently: true });
  }
  const { canvas } = state;
  if (canvas.width !== t.outW || canvas.height !== t.outH) {
    canvas.width = t.outW;
    canvas.height = t.outH;
  }
  const { ctx } = state;
  ctx.clearRect(0, 0, t.outW, t.outH);
  drawReduced(bitmap, t.x, t.y, t.w, t.h, t.level, ctx, 0, 0);
  const rgba = ctx.getImageData(0, 0, t.outW, t.outH).data;
  withHeapCopy(module, rgba, (ptr) => module._la_set_image_tile(t.task, t.level, t.tx, t.ty, ptr, t.outW, t.outH));
}

/**
 * Fetches and decodes the image at `url` and hands it to the app `module` for task
 * `taskIndex`: la_set_image for images up to TILED_ABOVE pixels on both sides; otherwise
 * la_set_image_tiled with an overview, after which the module's tile requests
 * (Module.onImageTileRequest) are answered with la_set_image_tile. Resolves once the image
 * (or its overview) is handed over; throws an Error saying what failed (HTTP status,
 * decoding).
 */
export async function loadImageInto(module, taskIndex, url) {
  const blob = await fetchBlob(url);
  const size = imageSize(new Uint8Array(await blob.slice(0, 65536).arrayBuffer()));
  if (!size || Math.max(size.width, size.height) <= TILED_ABOVE) {
    const bitmap = await decode(blob, url, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
    const { width, height } = bitmap;
    if (Math.max(width, height) <= TILED_ABOVE) {
      const rgba = rgbaOf(bitmap, width, height);
      bitmap.close();
      withHeapCopy(module, rgba, (ptr) => module._la_set_image(taskIndex, ptr, width, height));
      return;
    }
    bitmap.close(); // a large image of a format whose size is not read from its header
  }
  const state = tiledImages(module);
  const old = state.images.get(taskIndex);
  if (old?.bitmap) old.bitmap.then((b) => b.close(), () => {});
  state.images.delete(taskIndex);
  const image = { url, blob, bitmap: null, used: 0 };
  state.images.set(taskIndex, image);
  while (state.images.size > MAX_TILED) {
    const [oldestTask, oldest] = [...state.images.entries()].reduce((a, b) => (b[1].used < a[1].used ? b : a));
    oldest.bitmap?.then((b) => b.close(), () => {});
    state.images.delete(oldestTask);
  }
  const bitmap = await bitmapOf(state, image);
  const { width, height } = bitmap;
  // The overview: reduced by the smallest power of 2 that brings the longest side to at most
  // OVERVIEW_SIDE, block by block (bounded scratch canvases).
  let k = 0;
  while (Math.max(width, height) > OVERVIEW_SIDE * 2 ** k) k++;
  const ow = Math.ceil(width / 2 ** k);
  const oh = Math.ceil(height / 2 ** k);
  const canvas = new OffscreenCanvas(ow, oh);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const block = 4096; // a multiple of 2^k for k <= 12
  for (let by = 0; by < height; by += block) {
    for (let bx = 0; bx < width; bx += block) {
      drawReduced(bitmap, bx, by, Math.min(block, width - bx), Math.min(block, height - by), k, ctx,
        bx / 2 ** k, by / 2 ** k);
    }
  }
  const rgba = ctx.getImageData(0, 0, ow, oh).data;
  withHeapCopy(module, rgba, (ptr) => module._la_set_image_tiled(taskIndex, width, height, ptr, ow, oh));
}
