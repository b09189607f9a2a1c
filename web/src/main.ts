import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { abilitiesPlugin } from '@casl/vue';
import App from './app.vue';
import { createConsoleRouter } from './router';
import { installAuthHooks, useAuthStore } from './stores/auth';
import './styles/global.css';

const app = createApp(App);
app.use(createPinia());
const router = createConsoleRouter();
const auth = useAuthStore();
installAuthHooks(auth, () => {
  const current = router.currentRoute.value;
  if (!current.meta.public)
    void router.replace({ name: 'login', query: current.fullPath === '/' ? {} : { redirect: current.fullPath } });
});
app.use(router);
// Buttons ask the same ability the guard and the menu use (`useAbility()` / `<Can>`).
app.use(abilitiesPlugin, auth.ability, { useGlobalProperties: true });
app.mount('#app');
