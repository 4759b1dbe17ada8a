/**
 * Draws the two Teams app icons with plain geometry and writes them next to this file:
 *
 *   manifest/color.png    192×192, full colour: a teal rounded square holding a white speech
 *                         bubble with three teal "voice" bars (people speaking up / a tally).
 *   manifest/outline.png  32×32, the same bubble and bars as a white outline on a fully
 *                         transparent background (Teams only accepts white + transparency).
 *
 * Edges are anti-aliased by supersampling each pixel. The PNGs are committed; run
 * `npx tsx manifest/make-icons.ts` to regenerate them after changing the design.
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { PNG } from "pngjs";

type Rgba = readonly [number, number, number, number];
/** Colour of the scene at one point (pixel units, origin top-left), or null for transparent. */
type Scene = (x: number, y: number) => Rgba | null;

const TEAL = [0x0f, 0x7c, 0x80] as const;
const TEAL_DARK = [0x0b, 0x5e, 0x66] as const;
const WHITE: Rgba = [255, 255, 255, 255];

/** Signed distance to a rounded rectangle (negative inside). */
function sdRoundRect(x: number, y: number, x0: number, y0: number, x1: number, y1: number, r: number): number {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const qx = Math.abs(x - cx) - ((x1 - x0) / 2 - r);
  const qy = Math.abs(y - cy) - ((y1 - y0) / 2 - r);
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  const inside = Math.min(Math.max(qx, qy), 0);
  return outside + inside - r;
}

/** Signed distance to a convex polygon given clockwise or anticlockwise (negative inside). */
function sdPolygon(x: number, y: number, pts: ReadonlyArray<readonly [number, number]>): number {
  let d = Infinity;
  let inside = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i]!;
    const [xj, yj] = pts[j]!;
    const ex = xj - xi;
    const ey = yj - yi;
    const wx = x - xi;
    const wy = y - yi;
    const t = Math.max(0, Math.min(1, (wx * ex + wy * ey) / (ex * ex + ey * ey)));
    d = Math.min(d, Math.hypot(wx - ex * t, wy - ey * t));
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside ? -d : d;
}

/** Render a scene with `samples`×`samples` supersampling; colours are averaged premultiplied. */
export function renderScene(size: number, scene: Scene, samples = 8): PNG {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const c = scene(px + (sx + 0.5) / samples, py + (sy + 0.5) / samples);
          if (!c) continue;
          const alpha = c[3] / 255;
          r += c[0] * alpha;
          g += c[1] * alpha;
          b += c[2] * alpha;
          a += alpha;
        }
      }
      const i = (py * size + px) * 4;
      const n = samples * samples;
      const alpha8 = Math.round((a / n) * 255);
      png.data[i] = a > 0 ? Math.round(r / a) : 0;
      png.data[i + 1] = a > 0 ? Math.round(g / a) : 0;
      png.data[i + 2] = a > 0 ? Math.round(b / a) : 0;
      png.data[i + 3] = alpha8;
      if (alpha8 === 0) png.data[i] = png.data[i + 1] = png.data[i + 2] = 0;
    }
  }
  return png;
}

/** Speech bubble (rounded body + tail at bottom left) and three bars, in a 0..1 design space. */
const bubble = {
  body: [0.16, 0.2, 0.84, 0.68, 0.12] as const, // x0, y0, x1, y1, corner radius
  tail: [
    [0.27, 0.6],
    [0.47, 0.6],
    [0.25, 0.84],
  ] as ReadonlyArray<readonly [number, number]>,
  // centre x, top y, bottom y (bars share a half-width)
  bars: [
    [0.36, 0.42, 0.56],
    [0.5, 0.32, 0.56],
    [0.64, 0.38, 0.56],
  ] as const,
  barHalfWidth: 0.045,
};

function sdBubble(u: number, v: number, grow = 0): number {
  const [x0, y0, x1, y1, r] = bubble.body;
  const body = sdRoundRect(u, v, x0 - grow, y0 - grow, x1 + grow, y1 + grow, r + grow);
  const tail = sdPolygon(u, v, bubble.tail) - grow;
  return Math.min(body, tail);
}

function sdBars(u: number, v: number): number {
  let d = Infinity;
  const w = bubble.barHalfWidth;
  for (const [cx, top, bottom] of bubble.bars) {
    d = Math.min(d, sdRoundRect(u, v, cx - w, top, cx + w, bottom, w * 0.6));
  }
  return d;
}

export function drawColorIcon(size = 192): PNG {
  const corner = size * 0.2;
  return renderScene(size, (x, y) => {
    if (sdRoundRect(x, y, 0, 0, size, size, corner) > 0) return null;
    const u = x / size;
    const v = y / size;
    if (sdBars(u, v) <= 0) return [...TEAL, 255];
    if (sdBubble(u, v) <= 0) return WHITE;
    // Gentle top-to-bottom gradient on the background.
    const t = y / size;
    return [
      Math.round(TEAL[0] + (TEAL_DARK[0] - TEAL[0]) * t),
      Math.round(TEAL[1] + (TEAL_DARK[1] - TEAL[1]) * t),
      Math.round(TEAL[2] + (TEAL_DARK[2] - TEAL[2]) * t),
      255,
    ];
  });
}

export function drawOutlineIcon(size = 32): PNG {
  // Designed on a 32px grid (scaled if another size is asked for) so the 2px stroke and the
  // bars sit on whole pixels and stay crisp; the tail is filled, as in the colour icon.
  const k = size / 32;
  const bars: ReadonlyArray<readonly [number, number, number, number]> = [
    [8, 12, 12, 18],
    [14, 8, 18, 18],
    [20, 11, 24, 18],
  ];
  const tail: ReadonlyArray<readonly [number, number]> = [
    [8, 21],
    [15, 21],
    [7, 28.5],
  ];
  return renderScene(size, (x, y) => {
    const gx = x / k;
    const gy = y / k;
    const outer = sdRoundRect(gx, gy, 3, 4, 29, 23, 6);
    const inner = sdRoundRect(gx, gy, 5, 6, 27, 21, 4);
    if (outer <= 0 && inner > 0) return WHITE;
    if (sdPolygon(gx, gy, tail) <= 0 && inner > 0) return WHITE;
    for (const [x0, y0, x1, y1] of bars) {
      if (sdRoundRect(gx, gy, x0, y0, x1, y1, 1) <= 0) return WHITE;
    }
    return null;
  });
}

export function writeIcons(dir: string): { color: string; outline: string } {
  const color = join(dir, "color.png");
  const outline = join(dir, "outline.png");
  writeFileSync(color, PNG.sync.write(drawColorIcon(192)));
  writeFileSync(outline, PNG.sync.write(drawOutlineIcon(32)));
  return { color, outline };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = writeIcons(dirname(fileURLToPath(import.meta.url)));
  console.log(`Wrote ${out.color}\nWrote ${out.outline}`);
}
