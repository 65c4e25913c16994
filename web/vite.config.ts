import react from '@vitejs/plugin-react';
import { defineConfig, type HtmlTagDescriptor, type Plugin } from 'vite';

/** The API `npm run dev:web` forwards to (the demo's, by default). */
const api = process.env.RTW_API_URL ?? 'http://127.0.0.1:3000';

/**
 * The application (src/app.tsx) is imported by main.tsx only once the first requests are on their
 * way; its script and style sheet are fetched from the start all the same, without being run.
 */
function fetchApplicationEarly(): Plugin {
  return {
    name: 'fetch-application-early',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        const tags: HtmlTagDescriptor[] = [];
        for (const chunk of Object.values(bundle ?? {})) {
          if (chunk.type !== 'chunk' || !chunk.facadeModuleId?.endsWith('/src/app.tsx')) continue;
          const entries = Object.values(bundle ?? {}).filter(
            (c) => c.type === 'chunk' && c.isEntry,
          );
          const own = chunk.imports.filter((file) => !entries.some((c) => c.fileName === file));
          for (const file of [...own, chunk.fileName]) {
            tags.push({
              tag: 'link',
              attrs: { rel: 'modulepreload', crossorigin: true, href: `/app/${file}` },
              injectTo: 'head',
            });
          }
          for (const file of chunk.viteMetadata?.importedCss ?? []) {
            tags.push({
              tag: 'link',
              attrs: { rel: 'stylesheet', crossorigin: true, href: `/app/${file}` },
              injectTo: 'head',
            });
          }
        }
        return tags;
      },
    },
  };
}

export default defineConfig({
  // The API serves the built application at /app/ (its own routes have no prefix).
  base: '/app/',
  plugins: [react(), fetchApplicationEarly()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 750,
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
