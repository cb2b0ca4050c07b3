// Agreement and drift functions of the facade against their reference libraries' own published
// examples and tests (river, scipy, statsmodels), the same cases as the native parity tests
// (tests/core/drift/parity_test.cpp, tests/core/agreement/fleiss_parity_test.cpp).
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadLocalabel } from './load.mjs';

const lb = await loadLocalabel();

function throwsCode(fn, code, pathWanted) {
  assert.throws(fn, (e) => e.name === 'LocalabelError' && e.code === code &&
                (pathWanted === undefined || e.path === pathWanted),
                `expected ${code} ${pathWanted ?? ''}`);
}
const near = (x, y, tol = 1e-12) => assert.ok(Math.abs(x - y) <= tol, `${x} != ${y}`);

// Python's random.Random(seed) for an integer seed < 2^32: MT19937 seeded by init_by_array,
// random() = genrand_res53, choices() without weights, gauss() (CPython's Box-Muller variant).
function pythonRandom(seed) {
  const N = 624;
  const mt = new Uint32Array(N);
  mt[0] = 19650218;
  for (let i = 1; i < N; i++) {
    mt[i] = (Math.imul(1812433253, mt[i - 1] ^ (mt[i - 1] >>> 30)) + i) >>> 0;
  }
  let i = 1;
  for (let k = N; k > 0; k--) {
    mt[i] = ((mt[i] ^ Math.imul(mt[i - 1] ^ (mt[i - 1] >>> 30), 1664525)) + seed) >>> 0;
    if (++i >= N) { mt[0] = mt[N - 1]; i = 1; }
  }
  for (let k = N - 1; k > 0; k--) {
    mt[i] = ((mt[i] ^ Math.imul(mt[i - 1] ^ (mt[i - 1] >>> 30), 1566083941)) - i) >>> 0;
    if (++i >= N) { mt[0] = mt[N - 1]; i = 1; }
  }
  mt[0] = 0x80000000;
  let index = N;
  let nextGauss = null;
  const next = () => {
    if (index >= N) {
      for (let k = 0; k < N; k++) {
        const y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7fffffff);
        mt[k] = (mt[(k + 397) % N] ^ (y >>> 1) ^ ((y & 1) ? 0x9908b0df : 0)) >>> 0;
      }
      index = 0;
    }
    let y = mt[index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  };
  const random = () => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
  return {
    random,
    choices: (population, k) => Array.from({ length: k },
      () => population[Math.floor(random() * population.length)]),
    gauss(mu, sigma) {
      let z = nextGauss;
      nextGauss = null;
      if (z === null) {
        const x2pi = random() * 2 * Math.PI;
        const g2rad = Math.sqrt(-2 * Math.log(1 - random()));
        z = Math.cos(x2pi) * g2rad;
        nextGauss = Math.sin(x2pi) * g2rad;
      }
      return mu + z * sigma;
    },
  };
}

// river/drift/adwin.py and river/drift/page_hinkley.py docstrings: rng = random.Random(12345);
// rng.choices([0, 1], k=1000) + rng.choices(range(4, 8), k=1000).
function riverStream() {
  const rng = pythonRandom(12345);
  return [...rng.choices([0, 1], 1000), ...rng.choices([4, 5, 6, 7], 1000)];
}

test('adwin: river ADWIN docstring example and test_adwin_regression.py cases', () => {
  const v = riverStream();
  // river/drift/adwin.py, ADWIN docstring: "Change detected at index 1023, input value: 4".
  const r = lb.adwin(v);
  assert.deepEqual(Array.from(r.detections), [1023]);
  assert.equal(v[1023], 4);
  // river/drift/test_adwin_regression.py, TestDriftDetection.test_multiple_drifts:
  // random.Random(42), four segments -> [1023, 2015, 3007] (every bucket is a cut point).
  const rng = pythonRandom(42);
  const four = [];
  for (let s = 0; s < 4; s++) four.push(...rng.choices(s % 2 ? [4, 5, 6, 7] : [0, 1], 1000));
  assert.deepEqual(Array.from(lb.adwin(four).detections), [1023, 2015, 3007]);
  // 32 zeros then ones, clock 1: the cut after the zeros ends the newest bucket of the
  // oldest row; current river tests it and detects at 59 (river <= 0.21: 67).
  const step = [...Array(32).fill(0), ...Array(68).fill(1)];
  assert.equal(lb.adwin(step, { clock: 1 }).detections[0], 59);
  // TestStatistics.test_variance_correctness: ADWIN.variance is the sum of squared deviations.
  const g = pythonRandom(999);
  const x = Array.from({ length: 500 }, () => g.gauss(5, 2));
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  const ss = x.reduce((a, b) => a + (b - mean) ** 2, 0);
  const w = lb.adwin(x);
  near(w.variance, ss, 1e-6 * ss);
  near(w.varianceInWindow, w.variance / w.width, 1e-12);
  near(w.total, w.mean * w.width, 1e-9);
});

test('pageHinkley: river PageHinkley docstring example, alpha and mode', () => {
  const v = riverStream();
  // river/drift/page_hinkley.py docstring: defaults (mode "both") -> index 1006, value 5.
  assert.deepEqual(Array.from(lb.pageHinkley(v, { mode: 'both' })), [1006]);
  assert.deepEqual(Array.from(lb.pageHinkley(v, { mode: 'up' })), [1006]);
  assert.equal(lb.pageHinkley(v).length, 0);  // default mode here: decreases only
  // Hand-computed fading: 0, 0, 3 with delta 0, alpha 0.5, threshold 1, minInstances 1, up.
  assert.deepEqual(Array.from(lb.pageHinkley([0, 0, 3], {
    delta: 0, alpha: 0.5, threshold: 1, minInstances: 1, mode: 'up',
  })), [2]);
  throwsCode(() => lb.pageHinkley(v, { alpha: 0 }), 'InvalidArgument', 'alpha');
  assert.throws(() => lb.pageHinkley(v, { mode: 'sideways' }), RangeError);
});

test('cusumWarmup: river CUSUM docstring example', () => {
  // river/drift/cusum.py docstring: random.Random(12345), 200 x gauss(0, 1) then
  // 200 x gauss(3, 1), defaults -> changes at 201 and 251.
  const rng = pythonRandom(12345);
  const v = [];
  for (let i = 0; i < 200; i++) v.push(rng.gauss(0, 1));
  for (let i = 0; i < 200; i++) v.push(rng.gauss(3, 1));
  assert.deepEqual(Array.from(lb.cusumWarmup(v)), [201, 251]);
  // Hand-computed warm-up of 3 (mean 2, sd 1), h = 2: alarm at index 3 up, none down.
  const h = [1, 2, 3, 5, 1, 1, 1];
  assert.deepEqual(Array.from(lb.cusumWarmup(h, { minInstances: 3, threshold: 2 })), [3]);
  assert.equal(lb.cusumWarmup(h, { minInstances: 3, threshold: 2, mode: 'down' }).length, 0);
  throwsCode(() => lb.cusumWarmup(h, { slack: -1 }), 'InvalidArgument', 'slack');
  throwsCode(() => lb.cusumWarmup(h, { minInstances: 1.5 }), 'InvalidArgument', 'minInstances');
  // The target form keeps working.
  assert.deepEqual(Array.from(lb.cusum([1, 1, 0.5, 0.5, 0.5, 1],
    { target: 1, slack: 0.1, threshold: 1 })), [4]);
});

test('chiSquareGoodnessOfFit: scipy.stats.chisquare docstring examples', () => {
  // scipy/stats/_stats_py.py, chisquare docstring.
  const obs = [16, 18, 16, 14, 12, 12];
  const a = lb.chiSquareGoodnessOfFit(obs);
  near(a.statistic, 2.0);
  assert.equal(a.dof, 5);
  near(a.pValue, 0.84914503608460956);
  const b = lb.chiSquareGoodnessOfFit(obs, { expected: [16, 16, 16, 16, 16, 8] });
  near(b.statistic, 3.5);
  near(b.pValue, 0.62338762774958223);
  near(lb.chiSquareGoodnessOfFit(obs, { ddof: 1 }).pValue, 0.73575888234288467);
  assert.ok(Number.isNaN(lb.chiSquareGoodnessOfFit(obs, { ddof: 5 }).pValue));
  throwsCode(() => lb.chiSquareGoodnessOfFit(obs, { expected: [1, 2] }), 'LengthMismatch');
  throwsCode(() => lb.chiSquareGoodnessOfFit(obs, { expected: [16, 16, 16, 16, 16, 9] }),
    'InvalidArgument', 'expected');
  throwsCode(() => lb.chiSquareGoodnessOfFit([1, -1]), 'OutOfRange', 'observed[1]');
  throwsCode(() => lb.chiSquareGoodnessOfFit(obs, { ddof: 0.5 }), 'InvalidArgument', 'ddof');
});

test('fleissKappa: statsmodels fleiss_kappa, weighted counts and Randolph', () => {
  // statsmodels/stats/tests/test_inter_rater.py, table1 (test_fleiss_kappa: 0.210).
  const table1 = [0, 0, 0, 0, 14, 0, 2, 6, 4, 2, 0, 0, 3, 5, 6, 0, 3, 9, 2, 0, 2, 2, 8, 1, 1,
    7, 7, 0, 0, 0, 3, 2, 6, 3, 0, 2, 5, 3, 2, 2, 6, 5, 2, 1, 0, 0, 2, 2, 3, 7];
  const f = lb.fleissKappa(table1, 10, 5);
  near(f.value, 0.20993070442195522);
  const pbar = 688 / 1820;
  const r = lb.fleissKappa(table1, 10, 5, { method: 'randolph' });
  near(r.expected, 0.2);
  near(r.value, (pbar - 0.2) / 0.8);
  near(lb.fleissKappa(table1, 10, 5, { method: 'uniform' }).value, r.value);
  // Weighted counts are kept (6.99 is not truncated to 6): rows total 7.
  const w = [6.99, 0.01, 3.5, 3.5, 0.25, 6.75];
  const sumSq = w.reduce((s, x) => s + x * x, 0);
  const p0 = (6.99 + 3.5 + 0.25) / 21;
  const pe = p0 * p0 + (1 - p0) * (1 - p0);
  near(lb.fleissKappa(w, 3, 2).value, ((sumSq - 21) / 126 - pe) / (1 - pe));
  throwsCode(() => lb.fleissKappa([2, 0, 1, -1, 2, 0], 3, 2), 'OutOfRange', 'counts[1][1]');
  throwsCode(() => lb.fleissKappa([2, 0, 1, NaN], 2, 2), 'OutOfRange', 'counts[1][1]');
  throwsCode(() => lb.fleissKappa([2, 0, 1, 1, 2, 1], 3, 2), 'InvalidArgument', 'counts[2]');
  assert.throws(() => lb.fleissKappa(table1, 10, 5, { method: 'cohen' }), RangeError);
});

test('cohenKappaInference: SAS printout (statsmodels tests) and irr kappa2', () => {
  // statsmodels/stats/tests/test_inter_rater.py, UnweightedCohens and TestWeightedCohens
  // (SAS printouts, 4 decimals).
  const t10 = [0, 4, 1, 0, 8, 0, 0, 1, 5];
  const u = lb.cohenKappaInference(t10, 3);
  const sas = [0.4842, 0.1380, 0.2137, 0.7547, 0.1484, 3.2626, 0.0006, 0.0011];
  [u.kappa, u.ase, u.lower, u.upper, u.ase0, u.z, u.pOneSided, u.pTwoSided]
    .forEach((x, i) => near(x, sas[i], 5e-5));
  const w = lb.cohenKappaInference(t10, 3, { weights: 'linear', scores: [0, 1, 2] });
  const sasw = [0.4701, 0.1457, 0.1845, 0.7558, 0.1426, 3.2971, 0.0005, 0.0010];
  [w.kappa, w.ase, w.lower, w.upper, w.ase0, w.z, w.pOneSided, w.pTwoSided]
    .forEach((x, i) => near(x, sasw[i], 5e-5));
  // test_cohens_kappa_irr: kappa2(anxiety[,2:3], "squared") = 0.2520325, z 1.437451,
  // p 0.1505898 (levels 1, 2, 3, 4, 6 at positions 0..4).
  const anxiety = [3, 3, 3, 4, 5, 5, 2, 3, 5, 2, 2, 6, 1, 5, 2, 2, 1, 2, 4, 3, 3, 6, 4, 6, 2, 4,
    2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4, 2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1,
    3, 3, 2, 2];
  const pos = { 1: 0, 2: 1, 3: 2, 4: 3, 6: 4 };
  const t = Array(25).fill(0);
  for (let i = 0; i < 20; i++) t[pos[anxiety[20 + i]] * 5 + pos[anxiety[40 + i]]] += 1;
  const q = lb.cohenKappaInference(t, 5, { weights: 'quadratic' });
  near(q.kappa, 0.2520325, 5e-7);
  near(q.z, 1.437451, 5e-6);
  near(q.pTwoSided, 0.1505898, 5e-7);
  throwsCode(() => lb.cohenKappaInference([0, 4, 1, 0, -8, 0, 0, 1, 5], 3), 'OutOfRange',
    'table[1][1]');
  throwsCode(() => lb.cohenKappaInference(t10, 3, { confidence: 1 }), 'InvalidArgument',
    'confidence');
});

test('krippendorffAlphaCounts: fast-krippendorff value_counts, domain, custom distance', () => {
  // fast-krippendorff tests/test_krippendorff.py, test_nominal_metric_value_counts: 0.691358;
  // coincidences from the definition, n_c = (7, 4, 10, 5); test_interval_metric: 0.810845.
  const vc = [1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 2, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2, 1, 0, 0, 0, 3,
    1, 0, 1, 0, 0, 2, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 1];
  const r = lb.krippendorffAlphaCounts(vc, 15, 4);
  near(r.value, 1 - 150 / 486);
  near(r.value, 0.691358, 5e-7);
  assert.deepEqual(Array.from(r.coincidences), [6, 0, 1, 0, 0, 4, 0, 0, 1, 0, 7, 2, 0, 0, 2, 3]);
  assert.deepEqual(Array.from(r.marginals), [7, 4, 10, 5]);
  assert.equal(r.nPairable, 26);
  near(lb.krippendorffAlphaCounts(vc, 15, 4, { level: 'interval', valueDomain: [1, 2, 3, 4] })
    .value, 0.810845, 5e-7);
  // test_custom_distance_metric: |v1 - v2| on [[1, 2, 3], [1, 2, 4]] -> 0.761905.
  const abs = [];
  for (let c = 1; c <= 4; c++) for (let k = 1; k <= 4; k++) abs.push(Math.abs(c - k));
  const units = [2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1, 1];
  near(lb.krippendorffAlphaCounts(units, 3, 4, { valueDomain: [1, 2, 3, 4], distance: abs })
    .value, 0.761905, 5e-7);
  throwsCode(() => lb.krippendorffAlphaCounts([2, 2], 2, 1), 'InvalidArgument');
  throwsCode(() => lb.krippendorffAlphaCounts([1, 0, 0, 1], 2, 2), 'EmptyInput');
  throwsCode(() => lb.krippendorffAlphaCounts([2, 0, -1, 1], 2, 2), 'OutOfRange',
    'value_counts[1][0]');
});

test('masiDistance, jaccardDistance, setDistanceMatrix: NLTK doctests', () => {
  // nltk/test/metrics.doctest: jaccard_distance({1,2,3,4}, {3,4,5}) = 0.6, masi 0.868;
  // nltk/metrics/distance.py masi_distance docstring: ({1, 2}, {1, 2, 3, 4}) -> 0.665.
  near(lb.jaccardDistance([1, 2, 3, 4], [3, 4, 5]), 0.6);
  near(lb.masiDistance([1, 2, 3, 4], [3, 4, 5]), 0.868);
  near(lb.masiDistance([1, 2], [1, 2, 3, 4]), 0.665);
  near(lb.masiDistance([1, 2], [1, 2, 3, 4], { exactFractions: true }), 1 - 1 / 3);
  near(lb.masiDistance(['pos', 'neg'], ['neg', 'pos', 'pos']), 0);
  const d = lb.setDistanceMatrix([['a'], ['a', 'b'], ['c']]);
  near(d[1], 0.665);
  near(d[2], 1);
  assert.equal(d.length, 9);
  assert.throws(() => lb.setDistanceMatrix([['a']], { distance: 'cosine' }), RangeError);
});

test('Annotations.fleissKappa: method option on a long table', () => {
  // Items 1 (x, x, y) and 2 (y, y, y): P-bar = (1/3 + 1) / 2 = 2/3; Fleiss' P_e = (2/6)^2 +
  // (4/6)^2 = 5/9 -> 1/4; Randolph's P_e = 1/2 (two labels) -> 1/3.
  const t = lb.annotationsFromCsv('1,a,x\n1,b,x\n1,c,y\n2,a,y\n2,b,y\n2,c,y\n');
  near(t.fleissKappa().value, 0.25);
  near(t.fleissKappa({ method: 'randolph' }).value, 1 / 3);
  assert.throws(() => t.fleissKappa({ method: 'cohen' }), RangeError);
  t.dispose();
});
