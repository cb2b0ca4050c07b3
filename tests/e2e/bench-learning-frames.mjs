#!/usr/bin/env node
// Measures the app's wall-clock frame timing while the active learner retrains (a benchmark,
// not a test: it asserts nothing about time). It labels the first 30 tasks of the example
// text project (examples/text) with the keyboard, as tests/e2e/active_learning.spec.mjs does,
// while the learning worker retrains every 5 labels, and reports:
//   - the gaps between animation frames (wall clock, p50 / p95 / max) and the app's C++ time
//     per frame (la_frame_json frame_ms);
//   - from Chrome's trace, the main thread's CPU time per animation frame and what every
//     long gap (over 50 ms) was made of: CPU time of the page's main thread, its compositor,
//     the learning worker, the GPU process's threads, the garbage collector;
//   - from Linux (/proc/<pid>/task/<tid>/schedstat), for every Chromium thread, the CPU time
//     it got during the run and the time it waited runnable for a CPU (scheduler run delay),
//     and the machine's load: how much of the two cores other programs took.
//   node tests/e2e/bench-learning-frames.mjs [--no-learner] [--runs N] [--gaps N] [--nice N]
//                                             [--gpu-compositing] [--save trace.json]
// What the gaps were made of on the 2-core test machine (headless Chromium, --disable-gpu, so
// WebGL is SwiftShader and compositing is in software): the page's main thread spends most
// of a frame blocked in Chrome's synchronous read-back of the WebGL canvas (GLES2::ReadPixels
// under LayerTreeHost::DoUpdateLayers, about 40 ms a frame), waiting for SwiftShader to finish
// drawing the frame; SwiftShader's two threads used about half of the two cores while the app
// drew every animation frame, changed or not (it now skips a frame identical to the last one
// drawn), and wait for a CPU twice as long as they run when other jobs load the machine. The learner adds its worker (about 0.3 s of CPU for 6
// trainings) and the optimising compiler for its code. With --gpu-compositing the read-back
// goes away but the app's frame then waits in a synchronous glGetIntegerv (ImGui's GL state
// backup) for the previous frame's drawing instead.
// --no-learner stops the learner before labelling (the same labelling with no worker), to
// tell the learner's share from the rest. --nice N runs Chromium at that scheduling priority
// (e.g. -10, as root): on a machine shared with other jobs this comes closest to measuring on
// a quiet machine. Run it under `flock /tmp/bench.lock` so that other measurements do not
// overlap it; the page is LOCALABEL_WEB_DIR as for the tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { endTrace, launchBrowser, recordFrameTiming, repo, startServer, waitForState } from './lib/app.mjs';

const args = process.argv.slice(2);
const noLearner = args.includes('--no-learner');
const runs = Number(args[args.indexOf('--runs') + 1]) || 1;
const showGaps = args.includes('--gaps') ? Number(args[args.indexOf('--gaps') + 1]) : 8;
const nice = args.includes('--nice') ? Number(args[args.indexOf('--nice') + 1]) : null;
const gpuCompositing = args.includes('--gpu-compositing');
const save = args.includes('--save') ? args[args.indexOf('--save') + 1] : null;
const LONG_GAP_MS = 50;

const answers = JSON.parse(fs.readFileSync(path.join(repo, 'examples/text/answers.json'), 'utf8'));
const labels = JSON.parse(fs.readFileSync(path.join(repo, 'examples/text/labels.json'), 'utf8'));
const topic = labels.label_sets.find((s) => s.name === 'topic');
const hotkey = Object.fromEntries(topic.labels.map((l) => [l.name, l.hotkey]));

const pct = (list, q) => {
  const v = list.slice().sort((a, b) => a - b);
  return v.length ? v[Math.min(v.length - 1, Math.floor(q * v.length))] : NaN;
};
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '-');

// ---- Linux scheduler statistics of the browser's threads ----------------------------------

function readText(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

// The browser process on profile `dir` and all its descendants: [{pid, type}].
function browserProcesses(dir) {
  const all = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readText(`/proc/${entry}/stat`);
    const cmd = readText(`/proc/${entry}/cmdline`);
    if (!stat || cmd === null) continue;
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    // Chromium rewrites its processes' command lines as one space-separated title.
    all.push({ pid: Number(entry), ppid, cmd: cmd.split(/[\0 ]/) });
  }
  const root = all.find((p) => p.cmd.some((a) => a.includes(dir)) && !p.cmd.some((a) => a.startsWith('--type=')));
  if (!root) return [];
  const out = [];
  const todo = [root.pid];
  while (todo.length) {
    const pid = todo.pop();
    const p = all.find((x) => x.pid === pid);
    const type = p.cmd.find((a) => a.startsWith('--type='))?.slice(7) ?? 'browser';
    const utility = p.cmd.find((a) => a.startsWith('--utility-sub-type='))?.slice(19);
    out.push({ pid, type: utility ? `utility:${utility.split('.').at(-1)}` : type });
    for (const c of all) if (c.ppid === pid) todo.push(c.pid);
  }
  return out;
}

// Per thread: {key: "type/name", cpuNs, waitNs}; and the machine's /proc/stat counters.
function sampleThreads(procs) {
  const threads = new Map();
  for (const { pid, type } of procs) {
    let tids = [];
    try {
      tids = fs.readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const sched = readText(`/proc/${pid}/task/${tid}/schedstat`);
      const comm = readText(`/proc/${pid}/task/${tid}/comm`);
      if (!sched || !comm) continue;
      const [cpuNs, waitNs] = sched.trim().split(' ').map(Number);
      threads.set(`${pid}/${tid}`, { key: `${type}/${comm.trim()}`, cpuNs, waitNs });
    }
  }
  const cpu = readText('/proc/stat').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = cpu[3] + cpu[4];
  const total = cpu.reduce((a, b) => a + b, 0);
  return { threads, idle, total, at: Date.now() };
}

// Differences between two samples, summed over threads of the same process type and name.
function threadUsage(a, b) {
  const byKey = new Map();
  for (const [id, t] of b.threads) {
    const before = a.threads.get(id) ?? { cpuNs: 0, waitNs: 0 };
    const cur = byKey.get(t.key) ?? { cpu: 0, wait: 0 };
    cur.cpu += (t.cpuNs - before.cpuNs) / 1e6;
    cur.wait += (t.waitNs - before.waitNs) / 1e6;
    byKey.set(t.key, cur);
  }
  const ticks = os.cpus().length;
  const wallMs = b.at - a.at;
  const busyShare = 1 - (b.idle - a.idle) / (b.total - a.total);
  const chromeMs = [...byKey.values()].reduce((s, t) => s + t.cpu, 0);
  return { byKey, wallMs, busyShare, chromeMs, cores: ticks };
}

// ---- Chrome's trace -----------------------------------------------------------------------


// Names every (pid, tid) of the trace as "Process/Thread".
function threadNames(events) {
  const proc = new Map();
  const thread = new Map();
  for (const e of events) {
    if (e.ph !== 'M') continue;
    if (e.name === 'process_name') proc.set(e.pid, e.args.name);
    if (e.name === 'thread_name') thread.set(`${e.pid}/${e.tid}`, e.args.name);
  }
  return (pid, tid) => `${proc.get(pid) ?? pid}/${thread.get(`${pid}/${tid}`) ?? tid}`;
}

// What the long gaps between animation frames were made of.
function analyseTrace(events) {
  const name = threadNames(events);
  const counts = new Map();
  for (const e of events) if (e.name === 'FireAnimationFrame') counts.set(e.tid, (counts.get(e.tid) ?? 0) + 1);
  const mainTid = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
  const callbacks = events.filter((e) => e.tid === mainTid && e.name === 'FireAnimationFrame' && e.ph === 'X')
    .sort((a, b) => a.ts - b.ts);
  const mainPid = callbacks[0].pid;
  // Top-level tasks of every thread (nested RunTasks of one thread are not counted twice).
  const tasks = events.filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask');
  // One animation frame runs every requestAnimationFrame callback (the app's and the page's
  // timing probe) in one main-thread task: a frame is such a task.
  const mainTasks = tasks.filter((e) => e.pid === mainPid && e.tid === mainTid).sort((a, b) => a.ts - b.ts);
  const frames = [];
  let j = 0;
  for (const c of callbacks) {
    while (j < mainTasks.length && mainTasks[j].ts + mainTasks[j].dur < c.ts) j++;
    const task = mainTasks[j];
    if (task && task.ts <= c.ts && frames.at(-1) !== task) frames.push(task);
  }
  const gc = events.filter((e) => e.ph === 'X' && e.pid === mainPid && /^(MinorGC|MajorGC|V8\.GC_SCAVENGER|V8\.GCScavenger|V8\.GCFinalizeMC)$/.test(e.name));
  const gaps = [];
  for (let i = 1; i < frames.length; i++) {
    const t0 = frames[i - 1].ts;
    const t1 = frames[i].ts;
    gaps.push({ t0, t1, ms: (t1 - t0) / 1000 });
  }
  const long = gaps.filter((g) => g.ms > LONG_GAP_MS).sort((a, b) => b.ms - a.ms);
  // CPU time (thread time) of each thread's tasks that overlap [t0, t1], clipped by wall time.
  const breakdown = (t0, t1) => {
    const cpu = new Map();
    const wall = new Map();
    for (const e of tasks) {
      const end = e.ts + (e.dur ?? 0);
      if (end <= t0 || e.ts >= t1) continue;
      const share = (Math.min(end, t1) - Math.max(e.ts, t0)) / Math.max(1, e.dur ?? 1);
      const key = name(e.pid, e.tid);
      cpu.set(key, (cpu.get(key) ?? 0) + share * (e.tdur ?? 0) / 1000);
      wall.set(key, (wall.get(key) ?? 0) + share * (e.dur ?? 0) / 1000);
    }
    let gcMs = 0;
    for (const e of gc) {
      const end = e.ts + (e.dur ?? 0);
      if (end > t0 && e.ts < t1) gcMs += (Math.min(end, t1) - Math.max(e.ts, t0)) / 1000;
    }
    return { cpu, wall, gcMs };
  };
  const total = breakdown(frames[0].ts, frames.at(-1).ts);
  return {
    frames, gaps, long, breakdown, total, mainName: name(mainPid, mainTid),
    mainCpuMax: Math.max(...frames.map((e) => (e.tdur ?? 0) / 1000)),
    mainWallMax: Math.max(...frames.map((e) => (e.dur ?? 0) / 1000)),
  };
}

function describe(map, limit = 6) {
  return [...map.entries()].filter(([, v]) => v >= 0.5).sort((a, b) => b[1] - a[1]).slice(0, limit)
    .map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ');
}

// ---- One run ------------------------------------------------------------------------------

// The tests' browser (lib/app.mjs), or the same started through `nice -n <nice>`, or (with
// --gpu-compositing) without --disable-gpu: the GPU process then composites with SwiftShader
// too, instead of the page's main thread reading the WebGL canvas back every frame.
async function startBrowser() {
  if (nice === null && !gpuCompositing) return launchBrowser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'localabel-bench-'));
  const wrapper = path.join(dir, 'chromium-nice');
  fs.writeFileSync(wrapper, `#!/bin/sh\nexec nice -n ${nice ?? 0} /usr/bin/chromium "$@"\n`, { mode: 0o755 });
  const profile = path.join(dir, 'profile');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: wrapper,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--headless', '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
      ...(gpuCompositing ? ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'] : ['--disable-gpu'])],
  });
  return {
    context, profile,
    close: async () => {
      await context.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function run(server) {
  const browser = await startBrowser();
  try {
    const page = await browser.context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await recordFrameTiming(page);
    await page.goto(`${server.url}?project=/examples/text/project.json&labels=/examples/text/labels.json`);
    await waitForState(page, (st) => st.ready && st.task.kind === 'text', { what: 'the first text task' });
    for (let i = 0; i < 400; i++) {
      const phase = await page.evaluate(() => window.localabel.assist?.status().phase);
      if (phase === 'waiting') break;
      await page.waitForTimeout(50);
    }
    if (noLearner) await page.evaluate(() => window.localabel.assist.stop());
    await page.waitForTimeout(500);

    const procs = browserProcesses(browser.profile);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Tracing.start', {
      categories: process.env.BENCH_TRACE_CATEGORIES ?? 'toplevel,devtools.timeline,v8,disabled-by-default-v8.gc,__metadata', transferMode: 'ReturnAsStream',
    });
    await page.evaluate(() => { window.__timing.recording = true; });
    const s0 = sampleThreads(procs);
    const t0 = Date.now();
    for (let n = 0; n < 30; n++) {
      const s = await page.evaluate(() => window.localabel.state());
      const id = s.task.id;
      await page.keyboard.press(hotkey[answers[id]]);
      await waitForState(page, (st) => st.task.id !== id, { what: `the task after ${id}` });
    }
    const labellingMs = Date.now() - t0;
    let status = null;
    for (let i = 0; i < 600 && !noLearner; i++) {
      status = await page.evaluate(() => window.localabel.assist.status());
      if (status.phase === 'ready' && status.labelled === 30) break;
      await page.waitForTimeout(50);
    }
    const s1 = sampleThreads(procs);
    const timing = await page.evaluate(() => {
      window.__timing.recording = false;
      return window.__timing;
    });
    const events = await endTrace(cdp);
    if (save) fs.writeFileSync(save, JSON.stringify(events));
    const results = noLearner ? [] : await page.evaluate(() => window.localabel.assist.results);
    return { timing, events, usage: threadUsage(s0, s1), status, results, labellingMs };
  } finally {
    await browser.close();
  }
}

function report(r, k) {
  const { timing, usage, status, results } = r;
  const a = analyseTrace(r.events);
  console.log(`\n== run ${k + 1}${noLearner ? ' (learner stopped)' : ''}: labelling took ${(r.labellingMs / 1000).toFixed(1)} s, ` +
    `whole run ${(usage.wallMs / 1000).toFixed(1)} s; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  if (status) {
    const trainMs = results.filter((x) => !x.reranked).length;
    console.log(`learner: ${status.retrains} retrains (${trainMs} results), last training ${f1(status.trainMs)} ms, ` +
      `accuracy ${status.accuracy?.toFixed(2)}`);
  }
  console.log(`animation frame gaps (page rAF): p50 ${f1(pct(timing.gaps, 0.5))} / p95 ${f1(pct(timing.gaps, 0.95))} / ` +
    `max ${f1(Math.max(...timing.gaps))} ms over ${timing.gaps.length} gaps, ${timing.gaps.filter((g) => g > LONG_GAP_MS).length} over ${LONG_GAP_MS} ms`);
  console.log(`C++ frame time: p50 ${f1(pct(timing.cpp, 0.5))} / p95 ${f1(pct(timing.cpp, 0.95))} / max ${f1(Math.max(...timing.cpp))} ms ` +
    `over ${timing.cpp.length} frames`);
  console.log(`trace: ${a.frames.length} animation frames on ${a.mainName}; main-thread CPU per frame max ${f1(a.mainCpuMax)} ms ` +
    `(wall ${f1(a.mainWallMax)} ms); gaps p50 ${f1(pct(a.gaps.map((g) => g.ms), 0.5))} / p95 ${f1(pct(a.gaps.map((g) => g.ms), 0.95))} / ` +
    `max ${f1(Math.max(...a.gaps.map((g) => g.ms)))} ms`);
  const span = (a.frames.at(-1).ts - a.frames[0].ts) / 1000;
  console.log(`traced CPU over the ${f1(span / 1000)} s of frames (ms): ${describe(a.total.cpu, 10)}; main-thread GC ${f1(a.total.gcMs)} ms`);
  console.log(`Linux, whole run (${f1(usage.wallMs / 1000)} s on ${usage.cores} cores): machine busy ${(usage.busyShare * 100).toFixed(0)} %, ` +
    `Chromium ${f1(usage.chromeMs / usage.wallMs * 100)} % of one core, others ~${f1(usage.busyShare * usage.cores * 100 - usage.chromeMs / usage.wallMs * 100)} % of one core`);
  const rows = [...usage.byKey.entries()].filter(([, v]) => v.cpu > 20 || v.wait > 20).sort((x, y) => y[1].cpu - x[1].cpu);
  for (const [key, v] of rows) {
    console.log(`  ${key.padEnd(40)} CPU ${v.cpu.toFixed(0).padStart(6)} ms, waited for a CPU ${v.wait.toFixed(0).padStart(6)} ms`);
  }
  console.log(`the ${Math.min(showGaps, a.long.length)} longest of ${a.long.length} gaps over ${LONG_GAP_MS} ms (thread CPU ms within the gap | wall ms in tasks):`);
  for (const g of a.long.slice(0, showGaps)) {
    const b = a.breakdown(g.t0, g.t1);
    console.log(`  ${f1(g.ms)} ms at +${f1((g.t0 - a.frames[0].ts) / 1e6)} s: CPU ${describe(b.cpu)} | wall ${describe(b.wall, 4)}; GC ${f1(b.gcMs)}`);
  }
  const thread = (re) => [...usage.byKey.entries()].filter(([key]) => re.test(key))
    .reduce((sum, [, v]) => ({ cpu: sum.cpu + v.cpu, wait: sum.wait + v.wait }), { cpu: 0, wait: 0 });
  const main = thread(/^renderer\/chromium$/);
  return {
    p50: pct(timing.gaps, 0.5), p95: pct(timing.gaps, 0.95), max: Math.max(...timing.gaps),
    over: timing.gaps.filter((g) => g > LONG_GAP_MS).length, gaps: timing.gaps.length,
    cpp50: pct(timing.cpp, 0.5), cpp95: pct(timing.cpp, 0.95), cppMax: Math.max(...timing.cpp),
    mainCpuMax: a.mainCpuMax, retrains: status?.retrains ?? 0,
    mainCpu: main.cpu, mainWait: main.wait, others: usage.busyShare * usage.cores * 100 - usage.chromeMs / usage.wallMs * 100,
    worker: thread(/DedicatedWorker/).cpu, compile: thread(/^renderer\/ThreadPoolForeg/).cpu,
    gpu: thread(/^gpu-process\/Thread</).cpu, seconds: usage.wallMs / 1000,
  };
}

const server = await startServer();
try {
  console.log(`load average at start ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const all = [];
  for (let k = 0; k < runs; k++) all.push(report(await run(server), k));
  console.log(`\nsummary (${process.env.LOCALABEL_WEB_DIR ?? 'build/wasm-release/web'}${noLearner ? ', learner stopped' : ''}` +
    `${nice !== null ? `, nice ${nice}` : ''}): run | rAF gap p50/p95/max ms (gaps > ${LONG_GAP_MS} ms) | C++ frame p50/p95/max ms | ` +
    'main-thread CPU per frame max ms | retrains | CPU ms of the main thread (waited for a CPU), worker, wasm compiler threads, ' +
    'SwiftShader threads | others\' load (% of a core)');
  all.forEach((m, k) => console.log(`${k + 1} | ${f1(m.p50)}/${f1(m.p95)}/${f1(m.max)} (${m.over} of ${m.gaps}) | ` +
    `${f1(m.cpp50)}/${f1(m.cpp95)}/${f1(m.cppMax)} | ${f1(m.mainCpuMax)} | ${m.retrains} | ${m.mainCpu.toFixed(0)} ` +
    `(${m.mainWait.toFixed(0)}), ${m.worker.toFixed(0)}, ${m.compile.toFixed(0)}, ${m.gpu.toFixed(0)} in ${f1(m.seconds)} s | ${m.others.toFixed(0)}`));
} finally {
  await server.close();
}
