import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import preact from "@preact/preset-vite";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const widgetDir = fileURLToPath(new URL(".", import.meta.url));

// Built first: it empties dist/public so stale files never survive, then the
// dashboard build adds its files next to widget.js.
export default defineConfig({
  root: repoRoot,
  publicDir: false,
  plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false })],
  build: {
    outDir: "dist/public",
    emptyOutDir: true,
    minify: true,
    sourcemap: false,
    lib: {
      entry: `${widgetDir}src/main.tsx`,
      formats: ["iife"],
      name: "RevaWidget",
      fileName: () => "widget.js",
    },
  },
});
