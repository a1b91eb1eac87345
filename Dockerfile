# syntax=docker/dockerfile:1
# One image for every Reserva entry point; docker-compose.yml picks the entry point per
# service (node --import tsx src/main/<entry>.ts). tsx is a runtime dependency, so the server
# has no compile step; the web client is built by Vite in a stage of its own and only its
# output (web/dist, served by the API) reaches the image.

FROM node:20-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only; install scripts stay off (as in development), and the
# embedded PostgreSQL binaries are never used in containers (DATABASE_URL is always set).
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

FROM node:20-slim AS web
WORKDIR /app
COPY package.json package-lock.json ./
# Vite and its React plugin are development dependencies; they stay in this stage.
RUN npm ci --ignore-scripts && npm cache clean --force
COPY web ./web
COPY scripts/build-web.mjs ./scripts/
RUN node scripts/build-web.mjs --force

FROM node:20-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --chown=node:node package.json package-lock.json tsconfig.json ./
COPY --chown=node:node src ./src
COPY --chown=node:node projections ./projections
COPY --chown=node:node read-models ./read-models
COPY --from=web --chown=node:node /app/web/dist ./web/dist
# The unprivileged user that ships with the node image.
USER node
EXPOSE 3000
CMD ["node", "--import", "tsx", "src/main/api.ts"]
