import '@cloudscape-design/global-styles/index.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';

const mount = document.getElementById('app');
if (!mount) throw new Error('The console shell has no <div id="app">.');
createRoot(mount).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
