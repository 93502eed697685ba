import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import preact from "@preact/preset-vite";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const widgetDir = fileURLToPath(new URL(".", import.meta.url));

/**
 * Two scripts, one build each (an IIFE cannot be split): the default mode builds `widget.js`, the
 * loader every storefront page runs; `--mode popup` builds `widget-popup.js`, the
 * popup the loader fetches only for a visitor with an offer. The loader is built first: it empties
 * dist/public so stale files never survive; the popup and then the dashboard add their files next to it.
 */
export default defineConfig(({ mode }) => {
  const popup = mode === "popup";
  return {
    root: repoRoot,
    publicDir: false,
    plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false })],
    build: {
      outDir: "dist/public",
      emptyOutDir: !popup,
      minify: true,
      sourcemap: false,
      lib: {
        entry: `${widgetDir}src/${popup ? "popup-main.tsx" : "main.ts"}`,
        formats: ["iife"],
        name: popup ? "RevaWidgetPopup" : "RevaWidget",
        fileName: () => (popup ? "widget-popup.js" : "widget.js"),
      },
    },
  };
});
