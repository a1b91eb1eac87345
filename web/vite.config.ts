import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.RESERVA_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  plugins: [react()],
  // Everything the client needs is imported from web/src; no folder is copied as is.
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Byte figures are what the bench reports; the warning would only repeat them.
    reportCompressedSize: false,
  },
  server: {
    proxy: {
      '/api': { target: api, ws: true },
      '/.well-known': api,
      '/media': api,
    },
  },
});
