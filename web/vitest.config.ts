import { mergeConfig, defineConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

/** Unit and component tests of the console, in a simulated DOM. */
export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      include: ['src/**/*.test.ts'],
      environment: 'happy-dom',
      restoreMocks: true
    }
  })
);
