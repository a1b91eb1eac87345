# syntax=docker/dockerfile:1
# One image for every Reserva entry point; docker-compose.yml picks the entry point per
# service (node --import tsx src/main/<entry>.ts). tsx is a runtime dependency, so there is
# no separate compile step.

FROM node:20-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only; install scripts stay off (as in development), and the
# embedded PostgreSQL binaries are never used in containers (DATABASE_URL is always set).
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

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
COPY --chown=node:node web/public ./web/public
# The unprivileged user that ships with the node image.
USER node
EXPOSE 3000
CMD ["node", "--import", "tsx", "src/main/api.ts"]
