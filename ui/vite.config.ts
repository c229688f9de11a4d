/**
 * Vite build of the afr web UI: a static single-page app (Preact + uPlot + Cytoscape.js)
 * that `afr serve` serves at `/`. Build from the repository root with
 * `vite build --config ui/vite.config.ts`; the output goes to `dist/ui`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const uiRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: uiRoot,
  // Relative asset URLs: the app works wherever the server mounts it.
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/ui', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Cytoscape is split into its own chunk, loaded by the incident page only.
    chunkSizeWarningLimit: 600,
  },
  server: {
    // `afr serve` on its default port answers the API while developing the UI.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
