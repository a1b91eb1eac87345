import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import './styles.css';

// A deploy replaced the hashed page chunks this tab still points at: load the new build once.
window.addEventListener('vite:preloadError', (event) => {
  const key = 'reserva.reloadedFor';
  if (sessionStorage.getItem(key) === window.location.href) return;
  sessionStorage.setItem(key, window.location.href);
  event.preventDefault();
  window.location.reload();
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
