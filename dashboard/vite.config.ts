import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import solid from "vite-plugin-solid";

const dashboardDir = fileURLToPath(new URL(".", import.meta.url));
const workerOrigin = process.env.REVA_API_ORIGIN ?? "http://localhost:8787";

// Runs after the widget build, which already emptied dist/public; emptying it again
// here would delete widget.js. `public/` (the demo storefront) is copied as is.
export default defineConfig({
  root: dashboardDir,
  base: "/",
  plugins: [solid()],
  build: {
    outDir: fileURLToPath(new URL("../dist/public", import.meta.url)),
    emptyOutDir: false,
    sourcemap: false,
  },
  server: {
    // `vite --config dashboard/vite.config.ts` against a running `wrangler dev`.
    proxy: {
      "/api": workerOrigin,
      "/widget.js": workerOrigin,
      "/widget-popup.js": workerOrigin,
    },
  },
});
