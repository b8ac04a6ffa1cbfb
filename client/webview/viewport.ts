// The lineage view's zoom and pan as plain arithmetic, with no DOM, so that a unit test can pin it
// (test/unit/lineage-viewport.test.ts). The webview script (./lineage.ts) keeps one Viewport and
// shows it as the SVG's viewBox: the picture keeps its layout coordinates (ELK's, in CSS pixels at
// 100 %), and only the window onto it moves.

export interface Size {
  width: number;
  height: number;
}

export interface Box extends Size {
  x: number;
  y: number;
}

/** What the panel shows: `scale` screen pixels per picture unit, the picture's point (x, y) at the panel's top-left corner. */
export interface Viewport {
  scale: number;
  x: number;
  y: number;
}

/** Fitting never shrinks the label text below this many pixels: a bigger picture is shown from its top-left corner, to pan. */
export const MIN_FIT_TEXT_PX = 10;
/** Fitting never enlarges: a small picture is drawn at 100 %, as text elsewhere in the editor is. */
export const MAX_FIT_SCALE = 1;
/** How far the user may zoom out (an overview of a big model) and in. */
export const MIN_SCALE = 0.1;
export const MAX_SCALE = 4;
/** One press of + or −. */
export const ZOOM_STEP = 1.25;

/** The smallest scale a fit may use, for text drawn at `fontPx` at 100 %. */
export function readableScale(fontPx: number): number {
  return fontPx > 0 ? Math.min(MAX_FIT_SCALE, MIN_FIT_TEXT_PX / fontPx) : MAX_FIT_SCALE;
}

export function clampScale(scale: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}

/**
 * The whole picture in the panel when that keeps the text readable (`minScale`), never enlarged;
 * placed at the top-left corner, where the view's header and the picture's first column are.
 */
export function fit(picture: Size, panel: Size, minScale: number): Viewport {
  if (!(picture.width > 0 && picture.height > 0 && panel.width > 0 && panel.height > 0)) return { scale: MAX_FIT_SCALE, x: 0, y: 0 };
  const whole = Math.min(panel.width / picture.width, panel.height / picture.height);
  return { scale: Math.min(MAX_FIT_SCALE, Math.max(minScale, whole)), x: 0, y: 0 };
}

/** Zoom by `factor` keeping the picture's point under `anchor` (panel pixels: the pointer, or the panel's centre) where it is. */
export function zoomAt(view: Viewport, factor: number, anchor: { x: number; y: number }): Viewport {
  const scale = clampScale(view.scale * factor);
  return {
    scale,
    x: view.x + anchor.x / view.scale - anchor.x / scale,
    y: view.y + anchor.y / view.scale - anchor.y / scale,
  };
}

/** Move the picture by (dx, dy) panel pixels, as a drag does (the picture follows the pointer). */
export function panBy(view: Viewport, dx: number, dy: number): Viewport {
  return { scale: view.scale, x: view.x - dx / view.scale, y: view.y - dy / view.scale };
}

/**
 * Keeps the picture in the panel: one that fits stays whole inside it, one that does not leaves no
 * empty margin beyond its edges. A pan or zoom can then never lose the picture off screen.
 */
export function clampPan(view: Viewport, picture: Size, panel: Size): Viewport {
  const axis = (at: number, length: number, shown: number) => {
    const [low, high] = length <= shown ? [length - shown, 0] : [0, length - shown];
    return Math.min(high, Math.max(low, at));
  };
  return { scale: view.scale, x: axis(view.x, picture.width, panel.width / view.scale), y: axis(view.y, picture.height, panel.height / view.scale) };
}

/** The SVG viewBox that shows `view` in a panel of `panel` size. */
export function viewBox(view: Viewport, panel: Size): Box {
  return { x: view.x, y: view.y, width: panel.width / view.scale, height: panel.height / view.scale };
}

/** The least pan that brings `box` (picture units) into the panel with `margin` pixels around it, e.g. for a node Tab focused. */
export function reveal(view: Viewport, box: Box, panel: Size, margin = 8): Viewport {
  const axis = (at: number, start: number, length: number, shown: number) => {
    const pad = margin / view.scale;
    if (length + 2 * pad > shown || start - pad < at) return start - pad;
    if (start + length + pad > at + shown) return start + length + pad - shown;
    return at;
  };
  return { scale: view.scale, x: axis(view.x, box.x, box.width, panel.width / view.scale), y: axis(view.y, box.y, box.height, panel.height / view.scale) };
}

/**
 * The zoom factor of one wheel event with Ctrl held (a pinch on a touchpad arrives as the same):
 * a mouse notch (100 px) zooms by about 1.2, a pinch's small deltas smoothly; lines and pages count as
 * pixels as a browser scrolls them.
 */
export function wheelZoomFactor(deltaY: number, deltaMode: number): number {
  const pixels = deltaY * (deltaMode === 1 ? 16 : deltaMode === 2 ? 400 : 1);
  return Math.exp(-Math.max(-100, Math.min(100, pixels)) * 0.0018);
}
