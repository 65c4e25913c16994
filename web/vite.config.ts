import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The API `npm run dev:web` forwards to (the demo's, by default). */
const api = process.env.RTW_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  // The API serves the built application at /app/ (its own routes have no prefix).
  base: '/app/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 700,
  },
  server: {
    port: Number(process.env.WEB_DEV_PORT ?? 5173),
    strictPort: true,
    proxy: {
      // Everything outside /app/ is the API's.
      '^/(?!app(/|$)).*': {
        target: api,
        changeOrigin: true,
        // The API accepts the refresh cookie from its own origin: the proxy speaks as that origin.
        configure: (proxy) => proxy.on('proxyReq', (request) => request.setHeader('origin', api)),
      },
    },
  },
});
