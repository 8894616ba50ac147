import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  // the dashboard chunk carries echarts (≈ 570 kB, 195 kB gzip) and loads only on /dashboard
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2020', chunkSizeWarningLimit: 650 },
  server: {
    // `vite` dev server next to a running `npm start` (port 3000)
    proxy: { '/api': 'http://localhost:3000', '/socket.io': { target: 'ws://localhost:3000', ws: true }, '/health': 'http://localhost:3000' },
  },
});
