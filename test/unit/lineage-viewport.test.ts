// The lineage view's zoom and pan (client/webview/viewport.ts): fitting a picture to the panel
// without making its text unreadable, zooming about a point, panning, and the clamps that keep the
// picture on screen. Expected values worked out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clampPan, clampScale, fit, MAX_SCALE, MIN_SCALE, panBy, readableScale, reveal, viewBox, wheelZoomFactor, zoomAt, type Viewport } from '../../client/webview/viewport';

const close = (actual: number, expected: number, what = '') => assert.ok(Math.abs(actual - expected) < 1e-9, `${what} ${actual} ≠ ${expected}`);
const sameView = (actual: Viewport, expected: Viewport) => {
  close(actual.scale, expected.scale, 'scale');
  close(actual.x, expected.x, 'x');
  close(actual.y, expected.y, 'y');
};

test('readable scale: label text of 13 px may shrink to 10 px, never below; a font at or under 10 px is not shrunk', () => {
  close(readableScale(13), 10 / 13);
  close(readableScale(20), 0.5);
  assert.equal(readableScale(10), 1);
  assert.equal(readableScale(8), 1);
  assert.equal(readableScale(0), 1);
});

test('fit: a picture wider than the panel shrinks to its width, at the top-left corner', () => {
  // 1000 × 300 in 800 × 600: width limits, 0.8.
  sameView(fit({ width: 1000, height: 300 }, { width: 800, height: 600 }, 0.5), { scale: 0.8, x: 0, y: 0 });
  // 400 × 900 in 800 × 600: height limits, 2/3.
  sameView(fit({ width: 400, height: 900 }, { width: 800, height: 600 }, 0.5), { scale: 600 / 900, x: 0, y: 0 });
});

test('fit: never below the readable scale (the rest is panned to), never enlarged', () => {
  // 3000 wide in 600 would be 0.2; the text would be 2.6 px.
  sameView(fit({ width: 3000, height: 400 }, { width: 600, height: 600 }, 10 / 13), { scale: 10 / 13, x: 0, y: 0 });
  sameView(fit({ width: 200, height: 100 }, { width: 800, height: 600 }, 0.5), { scale: 1, x: 0, y: 0 });
});

test('fit: an empty picture or a panel not laid out yet gets 100 %', () => {
  sameView(fit({ width: 0, height: 0 }, { width: 800, height: 600 }, 0.5), { scale: 1, x: 0, y: 0 });
  sameView(fit({ width: 500, height: 500 }, { width: 0, height: 0 }, 0.5), { scale: 1, x: 0, y: 0 });
});

test('zoom about a point keeps the picture point under it in place', () => {
  const view = { scale: 0.5, x: 100, y: 40 };
  const anchor = { x: 200, y: 100 };
  // Under the anchor: picture point (100 + 200/0.5, 40 + 100/0.5) = (500, 240).
  const zoomed = zoomAt(view, 2, anchor);
  sameView(zoomed, { scale: 1, x: 300, y: 140 });
  close(zoomed.x + anchor.x / zoomed.scale, 500);
  close(zoomed.y + anchor.y / zoomed.scale, 240);
  // And back.
  sameView(zoomAt(zoomed, 0.5, anchor), view);
});

test('zoom stops at its limits, and the anchor still holds there', () => {
  assert.equal(clampScale(100), MAX_SCALE);
  assert.equal(clampScale(0.001), MIN_SCALE);
  assert.equal(clampScale(1.5), 1.5);
  const atMax = zoomAt({ scale: 3.5, x: 0, y: 0 }, 2, { x: 400, y: 0 });
  assert.equal(atMax.scale, MAX_SCALE);
  // Picture point 400/3.5 stays under x = 400.
  close(atMax.x + 400 / atMax.scale, 400 / 3.5);
  assert.equal(zoomAt({ scale: MIN_SCALE, x: 0, y: 0 }, 0.5, { x: 0, y: 0 }).scale, MIN_SCALE);
});

test('pan: the picture follows the pointer, in picture units at the current scale', () => {
  sameView(panBy({ scale: 2, x: 100, y: 100 }, 40, -20), { scale: 2, x: 80, y: 110 });
  sameView(panBy({ scale: 0.5, x: 0, y: 0 }, 10, 10), { scale: 0.5, x: -20, y: -20 });
});

test('clamp: a picture bigger than the panel shows no empty margin past its edges', () => {
  const picture = { width: 2000, height: 1000 };
  const panel = { width: 800, height: 600 };
  // At 1: 800 × 600 of picture shown; x within [0, 1200], y within [0, 400].
  sameView(clampPan({ scale: 1, x: -50, y: 900 }, picture, panel), { scale: 1, x: 0, y: 400 });
  sameView(clampPan({ scale: 1, x: 1500, y: -1 }, picture, panel), { scale: 1, x: 1200, y: 0 });
  sameView(clampPan({ scale: 1, x: 300, y: 200 }, picture, panel), { scale: 1, x: 300, y: 200 });
});

test('clamp: a picture smaller than the panel stays whole inside it', () => {
  const picture = { width: 400, height: 200 };
  const panel = { width: 800, height: 600 };
  // At 1: 800 × 600 shown; x within [400 - 800, 0] = [-400, 0], y within [-400, 0].
  sameView(clampPan({ scale: 1, x: 10, y: -500 }, picture, panel), { scale: 1, x: 0, y: -400 });
  sameView(clampPan({ scale: 1, x: -200, y: -100 }, picture, panel), { scale: 1, x: -200, y: -100 });
  // At 0.5, 1600 × 1200 shown: x within [-1200, 0].
  sameView(clampPan({ scale: 0.5, x: -1300, y: 0 }, picture, panel), { scale: 0.5, x: -1200, y: 0 });
});

test('viewBox: the panel in picture units', () => {
  assert.deepEqual(viewBox({ scale: 0.5, x: 10, y: 20 }, { width: 800, height: 600 }), { x: 10, y: 20, width: 1600, height: 1200 });
  assert.deepEqual(viewBox({ scale: 2, x: 0, y: 0 }, { width: 800, height: 600 }), { x: 0, y: 0, width: 400, height: 300 });
});

test('reveal: a node out of view is brought in with a margin; one in view moves nothing', () => {
  const panel = { width: 400, height: 300 };
  const view = { scale: 1, x: 0, y: 0 };
  sameView(reveal(view, { x: 50, y: 50, width: 100, height: 40 }, panel), view);
  // Right of the view: its right edge + 8 at the panel's right edge.
  sameView(reveal(view, { x: 500, y: 50, width: 100, height: 40 }, panel), { scale: 1, x: 208, y: 0 });
  // Above and left: its top-left corner 8 px inside.
  sameView(reveal({ scale: 1, x: 300, y: 300 }, { x: 100, y: 100, width: 50, height: 40 }, panel), { scale: 1, x: 92, y: 92 });
  // At 0.5 the margin is 16 picture units.
  sameView(reveal({ scale: 0.5, x: 0, y: 0 }, { x: 100, y: 700, width: 50, height: 40 }, panel), { scale: 0.5, x: 0, y: 156 });
  // Wider than the panel: its left edge shown.
  sameView(reveal(view, { x: 1000, y: 10, width: 900, height: 40 }, panel), { scale: 1, x: 992, y: 0 });
});

test('wheel zoom: a mouse notch zooms by about 1.2, out and in symmetrically; a pinch by little; lines count as 16 px', () => {
  const notch = wheelZoomFactor(-100, 0);
  assert.ok(notch > 1.19 && notch < 1.21, String(notch));
  close(wheelZoomFactor(100, 0) * notch, 1);
  assert.ok(wheelZoomFactor(-3, 0) > 1 && wheelZoomFactor(-3, 0) < 1.01);
  close(wheelZoomFactor(-3, 1), wheelZoomFactor(-48, 0));
  // A huge delta (a fast flick) zooms no more than a notch.
  close(wheelZoomFactor(-5000, 0), notch);
});
