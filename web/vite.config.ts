import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The admin console. `npm run dev:web` serves it with hot reload on :5173 and sends `/api` to the API
 * started by `npm start` (API_URL to point elsewhere); `npm start` builds it into dist/, served by the API.
 */
export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: { '@': here('./src'), '@domain': here('../domain') }
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/api': { target: process.env.API_URL ?? 'http://127.0.0.1:3000', changeOrigin: false } },
    fs: { allow: [here('..')] }
  },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900
  }
});
