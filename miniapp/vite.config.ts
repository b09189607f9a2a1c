import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import uni from '@dcloudio/vite-plugin-uni';

/**
 * The mini-program imports the server's zod schemas from `../domain` directly; `zod` resolves to this
 * package's own copy so the bundle carries one zod whatever file imports it.
 */
export default defineConfig({
  plugins: [uni()],
  resolve: {
    alias: {
      zod: fileURLToPath(new URL('./node_modules/zod', import.meta.url))
    }
  },
  server: { fs: { allow: ['..'] } }
});
