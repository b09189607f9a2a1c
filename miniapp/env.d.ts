/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The API's origin for the WeChat build (the H5 build calls its own origin). */
  readonly VITE_API_ORIGIN?: string;
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
