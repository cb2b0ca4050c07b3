// The agreement facade under Node: pairwise matrices, per-class agreement, seeded bootstrap
// intervals (same numbers as the native CLI and the independent Python reference), geometric
// agreement, edge cases and typed errors.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadLocalabel, repo } from './load.mjs';

const lb = await loadLocalabel();
const data = path.join(repo, 'tests/data/agreement');
const read = (name) => fs.readFileSync(path.join(data, name), 'utf8');

function throwsCode(fn, code, pathWanted) {
  assert.throws(fn, (e) => e.name === 'LocalabelError' && e.code === code &&
                (pathWanted === undefined || e.path === pathWanted), `expected ${code}`);
}
const near = (x, y, tol = 1e-12) => assert.ok(Math.abs(x - y) <= tol, `${x} != ${y}`);

test('pairwise matrices match scikit-learn cohen_kappa_score on each pair', () => {
  const t = lb.annotationsFromCsv(read('pairwise.csv'));
  try {
    const p = t.pairwiseAgreement();
    assert.deepEqual(p.annotators, ['a', 'b', 'c', 'd']);
    near(p.kappa[0][1], 0.5333333333333333);
    near(p.kappa[0][2], 0.75);
    near(p.kappa[2][1], 0.0625);
    near(p.percent[0][1], 5 / 7);
    assert.equal(p.sharedItems[0][1], 7);
    assert.equal(p.sharedItems[0][0], 8);
    assert.ok(Number.isNaN(p.kappa[0][3]));
    assert.equal(p.kappaReasons[0][3], 'no item in common');
    assert.match(p.kappaReasons[1][1], /same annotator/);
    near(t.pairwiseAgreement({ weights: 'linear' }).kappa[0][1], 0.6111111111111112);
    assert.throws(() => t.pairwiseAgreement({ weights: 'cubic' }), RangeError);
  } finally {
    t.dispose();
  }
});

test('per-class agreement: Fleiss (1971) per-category kappas', () => {
  const t = lb.annotationsFromCsv(read('fleiss1971_long.csv'));
  try {
    const byLabel = Object.fromEntries(t.perClassAgreement().map((c) => [c.label, c]));
    const published = { Depression: 0.245, 'Personality disorder': 0.245, Schizophrenia: 0.520,
      Neurosis: 0.471, Other: 0.566 };
    for (const [label, kappa] of Object.entries(published)) near(byLabel[label].kappa, kappa, 5e-4);
    near(byLabel.Neurosis.proportion, 55 / 180);
  } finally {
    t.dispose();
  }
  // Count table form; Wikipedia's Fleiss example p_j = 0.143 0.200 0.279 0.150 0.229.
  const table = [0, 0, 0, 0, 14, 0, 2, 6, 4, 2, 0, 0, 3, 5, 6, 0, 3, 9, 2, 0, 2, 2, 8, 1, 1,
    7, 7, 0, 0, 0, 3, 2, 6, 3, 0, 2, 5, 3, 2, 2, 6, 5, 2, 1, 0, 0, 2, 2, 3, 7];
  const pc = lb.perClassAgreement(table, 10, 5);
  [0.143, 0.200, 0.279, 0.150, 0.229].forEach((p, j) => near(pc[j].proportion, p, 5e-4));
  const one = lb.perClassAgreement([3, 0, 3, 0], 2, 2);
  assert.ok(Number.isNaN(one[0].kappa));
  assert.match(one[1].undefinedReason, /nobody/);
  throwsCode(() => lb.perClassAgreement([1, -1], 1, 2), 'OutOfRange');
  throwsCode(() => lb.perClassAgreement([1, 2, 3], 2, 2), 'LengthMismatch');
  const single = lb.annotationsFromCsv('1,a,x\n2,a,y\n');
  try {
    throwsCode(() => single.perClassAgreement(), 'EmptyInput');
  } finally {
    single.dispose();
  }
});

test('bootstrap: same intervals as the Python reference and the native CLI for a seed', () => {
  const ref = JSON.parse(read('bootstrap_reference.json'));
  const t = lb.annotationsFromCsv(read('proposals.csv'));
  try {
    for (const c of ref.cases) {
      const r = t.bootstrap({ coefficient: 'cohen', pair: ['A', 'B'], resamples: c.resamples,
        confidence: c.confidence, seed: c.seed });
      near(r.estimate, 0.4);
      near(r.lower, c.lower);
      near(r.upper, c.upper);
      assert.equal(r.undefined, c.undefined);
      assert.equal(r.resamples, c.resamples);
    }
    // BigInt and string seeds above 2^53 are exact; the same seed gives the same interval.
    const big = t.bootstrap({ coefficient: 'percent', resamples: 50, seed: 18446744073709551615n });
    const again = t.bootstrap({ coefficient: 'percent', resamples: 50, seed: '18446744073709551615' });
    assert.deepEqual(big, again);
    throwsCode(() => t.bootstrap({ resamples: 0 }), 'InvalidArgument');
    throwsCode(() => t.bootstrap({ confidence: NaN }), 'InvalidArgument', 'confidence');
    throwsCode(() => t.bootstrap({ seed: '18446744073709551616' }), 'InvalidArgument', 'seed');
    throwsCode(() => t.bootstrap({ coefficient: 'cohen', pair: ['A', 'Z'] }), 'UnknownReference');
    assert.throws(() => t.bootstrap({ coefficient: 'gamma' }), RangeError);
    assert.throws(() => t.bootstrap({ seed: -1 }), RangeError);
  } finally {
    t.dispose();
  }
  const one = lb.annotationsFromCsv('1,a,x\n1,b,x\n2,a,x\n2,b,x\n');
  try {
    const r = one.bootstrap({ coefficient: 'cohen', resamples: 20 });
    assert.ok(Number.isNaN(r.estimate) && Number.isNaN(r.lower));
    assert.equal(r.undefined, 20);
    assert.match(r.undefinedReason, /every resample/);
  } finally {
    one.dispose();
  }
});

test('boxes: optimal matching, rotated IoU, thresholds and bad boxes', () => {
  near(lb.boxIou({ x: 0, y: 0, width: 10, height: 10 }, { x: 5, y: 5, width: 10, height: 10 }), 25 / 175);
  // Unit squares with the same centre, one turned 45 degrees about its top-left corner so
  // that the centre stays put: IoU 1/sqrt(2).
  const t = Math.PI / 4;
  const turned = { x: 5 - (0.5 * Math.cos(t) - 0.5 * Math.sin(t)),
    y: 5 - (0.5 * Math.sin(t) + 0.5 * Math.cos(t)), width: 1, height: 1, rotation: 45 };
  near(lb.boxIou({ x: 4.5, y: 4.5, width: 1, height: 1 }, turned), Math.SQRT1_2, 1e-12);
  const a = [{ x: 0, y: 0, width: 10, height: 10 }, { x: 3, y: 0, width: 10, height: 10 }];
  const b = [{ x: 1, y: 0, width: 10, height: 10 }, { x: -2, y: 0, width: 10, height: 10 }];
  const r = lb.boxAgreement(a, b);
  assert.equal(r.matches.length, 2);
  near(r.meanIou, 8 / 12);
  assert.equal(r.f1, 1);
  const labelled = lb.boxAgreement([{ ...a[0], label: 'car' }], [{ ...a[0], label: 'bus' }]);
  assert.equal(labelled.matches.length, 0);
  assert.equal(lb.boxAgreement([{ ...a[0], label: 'car' }], [{ ...a[0], label: 'bus' }],
                               { sameLabel: false }).matches.length, 1);
  const none = lb.boxAgreement([], []);
  assert.ok(Number.isNaN(none.f1));
  assert.match(none.undefinedReason, /neither/);
  throwsCode(() => lb.boxAgreement(a, [{ x: 0, y: 0, width: -1, height: 2 }]), 'OutOfRange', 'b[0].width');
  throwsCode(() => lb.boxAgreement([{ x: NaN, y: 0, width: 1, height: 1 }], b), 'OutOfRange', 'a[0].x');
  throwsCode(() => lb.boxAgreement(a, b, { iouThreshold: 0 }), 'InvalidArgument');
  // scipy.optimize.linear_sum_assignment documentation example.
  assert.deepEqual(Array.from(lb.linearSumAssignment([4, 1, 3, 2, 0, 5, 3, 2, 2], 3, 3)), [1, 0, 2]);
  throwsCode(() => lb.linearSumAssignment([1, NaN], 1, 2), 'OutOfRange');
});

test('masks: IoU and Dice; empty masks are NaN; sizes must match', () => {
  // scikit-learn jaccard_score documentation: [0, 1, 1] vs [1, 1, 1] -> 2/3.
  const m = lb.maskAgreement(new Uint8Array([0, 1, 1]), new Uint8Array([1, 1, 1]), 3, 1);
  near(m.iou, 2 / 3);
  near(m.dice, 0.8);
  const e = lb.maskAgreement(new Uint8Array(4), new Uint8Array(4), 2, 2);
  assert.ok(Number.isNaN(e.iou) && Number.isNaN(e.dice));
  assert.match(e.undefinedReason, /empty/);
  throwsCode(() => lb.maskAgreement(new Uint8Array(4), new Uint8Array(6), 2, 2), 'LengthMismatch');
});

test('spans: seqeval example, overlap scheme, code-point offsets and bad spans', () => {
  // seqeval README example: entity-level F1 0.50; overlapping MISC spans match in 'overlap'.
  const truth = [{ start: 3, end: 6, label: 'MISC' }, { start: 7, end: 9, label: 'PER' }];
  const pred = [{ start: 2, end: 6, label: 'MISC' }, { start: 7, end: 9, label: 'PER' }];
  assert.equal(lb.spanAgreement(truth, pred, { textLength: 10 }).f1, 0.5);
  assert.equal(lb.spanAgreement(truth, pred, { textLength: 10, mode: 'overlap' }).f1, 1);
  const none = lb.spanAgreement([], []);
  assert.ok(Number.isNaN(none.f1));
  throwsCode(() => lb.spanAgreement(truth, [{ start: 8, end: 11, label: 'PER' }], { textLength: 10 }),
             'OutOfRange', 'b[0].end');
  throwsCode(() => lb.spanAgreement(truth, [{ start: 4, end: 4 }]), 'OutOfRange');
  throwsCode(() => lb.spanAgreement(truth, [pred[0], pred[0]]), 'Duplicate');
  throwsCode(() => lb.spanAgreement(truth, [{ start: 0.5, end: 2 }]), 'OutOfRange');
  assert.throws(() => lb.spanAgreement(truth, pred, { mode: 'fuzzy' }), RangeError);
});

test('project geometric agreement of a Label Studio export', () => {
  const g = lb.projectGeometricAgreement(read('geometry_ls.json'));
  assert.equal(g.tasks, 3);
  assert.equal(g.pairs.length, 3);
  near(g.pairs[0].boxes.meanIou, 360 / 440, 1e-9);
  assert.equal(g.pairs[0].boxes.f1, 0.5);
  near(g.meanBoxIou, (360 / 440 + 1) / 2, 1e-9);
  assert.equal(g.meanBoxF1, 0.75);
  assert.equal(g.pairs[2].spansExact.f1, 0.5);
  assert.equal(g.pairs[2].spansOverlap.f1, 1);
  assert.equal(g.pairs[0].masks, null);
  assert.ok(Number.isNaN(g.meanMaskIou));
  const tasks = JSON.parse(read('geometry_ls.json'));
  tasks[1].annotations[1].completed_by = 1;
  throwsCode(() => lb.projectGeometricAgreement(JSON.stringify(tasks)), 'Duplicate');
  throwsCode(() => lb.projectGeometricAgreement('  '), 'EmptyInput');
  throwsCode(() => lb.projectGeometricAgreement('[{"data": '), 'InvalidJson');
  const empty = lb.projectGeometricAgreement('[]');
  assert.equal(empty.tasks, 0);
  assert.match(empty.undefinedReason, /no task/);
  throwsCode(() => lb.projectGeometricAgreement(read('geometry_ls.json'), { iouThreshold: 1.5 }),
             'InvalidArgument');
});
