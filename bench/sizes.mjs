// What a shopper's browser and a merchant's browser download first, gzipped.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { fmtInt } from "./lib.mjs";

// Level 9: roughly what a CDN's static gzip serves; the number is comparable run to run either way.
const gzipBytes = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

/** Issue 10.7's budgets: the loader every page view runs, and what a visitor with an offer downloads in all. */
const LOADER_BUDGET = 3 * 1024;
const WITH_POPUP_BUDGET = 10 * 1024;
/** Issue 10.6's budget: what the dashboard downloads before its first screen (routes load lazily). */
export const DASHBOARD_INITIAL_JS_BUDGET = 40 * 1024;

/**
 * The loader (`widget.js`, on every storefront page view) and the loader plus the popup module
 * (`widget-popup.js`, fetched only when the visitor has an offer).
 */
export function measureWidgetSize(publicDir) {
  const loader = join(publicDir, "widget.js");
  const popup = join(publicDir, "widget-popup.js");
  const loaderGzip = gzipBytes(loader);
  const popupGzip = gzipBytes(popup);
  const raw = (file) => fmtInt(readFileSync(file).length);
  return [
    {
      id: "widget-loader",
      kind: "correctness",
      name: "Widget loader `widget.js`, gzip",
      value: `${fmtInt(loaderGzip)} B (raw ${raw(loader)} B)`,
      target: `≤ ${fmtInt(LOADER_BUDGET)} B`,
      pass: loaderGzip <= LOADER_BUDGET,
    },
    {
      id: "widget-popup",
      kind: "correctness",
      name: "Widget loader + popup `widget-popup.js`, gzip",
      value: `${fmtInt(loaderGzip + popupGzip)} B (popup ${fmtInt(popupGzip)} B, raw ${raw(popup)} B)`,
      target: `≤ ${fmtInt(WITH_POPUP_BUDGET)} B`,
      pass: loaderGzip + popupGzip <= WITH_POPUP_BUDGET,
    },
  ];
}

/**
 * The dashboard's initial JS is what index.html makes the browser fetch before anything renders:
 * the module entry script plus every modulepreload. Lazy route chunks are not counted.
 */
export function measureDashboardInitialJs(publicDir) {
  const html = readFileSync(join(publicDir, "index.html"), "utf8");
  const srcs = [
    ...[...html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]),
    ...[...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)].map((m) => m[1]),
  ];
  const files = [...new Set(srcs)].map((src) => join(publicDir, src.replace(/^\//, "")));
  if (files.length === 0) throw new Error("dist/public/index.html references no module script");
  const total = files.reduce((sum, file) => sum + gzipBytes(file), 0);
  return {
    id: "dashboard",
    kind: "correctness",
    name: "Dashboard initial JS, gzip",
    value: `${fmtInt(total)} B (${files.length} file${files.length === 1 ? "" : "s"})`,
    bytes: total,
    target: `≤ ${fmtInt(DASHBOARD_INITIAL_JS_BUDGET)} B`,
    pass: total <= DASHBOARD_INITIAL_JS_BUDGET,
  };
}
