import { createSSRApp } from 'vue';
import * as Pinia from 'pinia';
import App from './App.vue';
import { setPlatform } from './platform/platform';
import { createUniPlatform } from './platform/uni-platform';

export function createApp() {
  setPlatform(createUniPlatform());
  const app = createSSRApp(App);
  app.use(Pinia.createPinia());
  return { app, Pinia };
}
