import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompress } from './precompress.ts';

const page = (name: string) => fileURLToPath(new URL(name, import.meta.url));

export default defineConfig({
  plugins: [react(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2020',
    // the dashboard chunk carries echarts (≈ 570 kB, 195 kB gzip) and loads only on /dashboard
    chunkSizeWarningLimit: 650,
    // dist/.vite/manifest.json: which chunks each page loads (npm run bench:kiosk reads it)
    manifest: true,
    // two pages: the app (index.html) and the village kiosk (kiosk.html, its own small entry)
    rollupOptions: { input: { main: page('index.html'), kiosk: page('kiosk.html') } },
  },
  server: {
    // `vite` dev server next to a running `npm start` (port 3000)
    proxy: { '/api': 'http://localhost:3000', '/socket.io': { target: 'ws://localhost:3000', ws: true }, '/health': 'http://localhost:3000' },
  },
});
