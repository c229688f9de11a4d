# afr (Autonomous First Responder): container image for `afr serve`.
#
#   docker build -t afr .
#   docker run -p 8080:8080 -v "$PWD/config.yml:/app/config.yml:ro" -v afr-data:/data \
#     -e AFR_API_TOKEN=... -e AFR_WEBHOOK_TOKEN=... afr
#
# Build stage: installs every dependency, compiles TypeScript and the web UI, then drops the
# dev dependencies. better-sqlite3 is a native module: it downloads a prebuilt binary when it
# can and otherwise compiles, hence python3, make and g++ here (and only here).
FROM node:20-bookworm-slim AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the package's own `prepare` script would build before the sources are
# copied; the install scripts of the dependencies that need one run through `npm rebuild`.
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3 esbuild
COPY tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
COPY ui ./ui
COPY calibration ./calibration
COPY config.example.yml ./
RUN npm run build && npm prune --omit=dev --ignore-scripts

# Runtime stage: Node, the compiled code and production dependencies; no compilers.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    AFR_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/calibration ./calibration
COPY --from=build /app/config.example.yml ./
# The SQLite database lives in /data (mount a volume there); PostgreSQL setups need no volume.
RUN mkdir -p /data && chown 1000:1000 /data
# The image's `node` user, by number so that Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 8080
# Reads /app/config.yml, or the file named by AFR_CONFIG. SIGTERM shuts down gracefully.
CMD ["node", "bin/afr.js", "serve", "--host", "0.0.0.0"]
