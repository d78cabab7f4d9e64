# syntax=docker/dockerfile:1
# Kelisim — multi-stage image: build with dev tools, run as a non-root user with only what runs.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles its native addon when no prebuilt binary fits.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY locales ./locales
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
# HTTP_HOST: inside a container the published port only reaches 0.0.0.0 (the app's default is 127.0.0.1).
# /healthz, /readyz and /metrics have no authentication: publish only the webhook path (deploy/nginx.conf).
ENV NODE_ENV=production \
    DATABASE_URL=file:/app/data/kelisim.db \
    LOG_LEVEL=info \
    HTTP_HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/prisma ./prisma
COPY --from=build --chown=node:node /app/locales ./locales
# The poster font (DejaVu Sans, with its licence): PDFs never depend on fonts installed on the host.
COPY --chown=node:node assets ./assets
RUN mkdir -p /app/data && chown node:node /app/data
USER node
# The SQLite database lives here; mount a volume to keep it across container restarts.
VOLUME ["/app/data"]
EXPOSE 8080
# /readyz answers 200 when the database is reachable and migrated (src/server/health-server.ts).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||8080)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM lets the bot finish in-flight updates and close the database (see src/main.ts).
STOPSIGNAL SIGTERM
# Heap flags as in `npm run start:prod` (test/node-flags.test.ts keeps the two equal; why: README, Performance):
# a fixed 256 MB old space whatever the host (V8 otherwise sizes it from the host's memory, about 4 GB on a 24 GB
# machine, and lets garbage pile up accordingly), and 4 MB semi-spaces for the young generation instead of 16.
CMD ["node", "--max-old-space-size=256", "--max-semi-space-size=4", "dist/src/main.js"]
