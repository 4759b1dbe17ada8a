# syntax=docker/dockerfile:1
# Sounding Board: the bot as one container. Build: docker build -t sounding-board .  (or, with no local
# Docker: az acr build --registry <registry> --image sounding-board:<tag> .)  See docs/deploy.md.
#
# The image runs in production mode (NODE_ENV=production): it needs MicrosoftAppId, a storage account
# (TABLES_ACCOUNT_URL), BOT_DOMAIN and REPORT_LINK_SECRET, and refuses to start without them, naming each.

ARG NODE_VERSION=20

# What `npm start` needs at run time that package.json lists under devDependencies: tsx runs the TypeScript
# (there is no compile step), and esbuild bundles the dashboard tab's script, @microsoft/teams-js included, on
# the first request for it. Installed at the versions package-lock.json pins (a test keeps this list in step
# with what the bot and the tab import).
ARG RUNTIME_DEV_PACKAGES="tsx esbuild @microsoft/teams-js"

# 1. Production dependencies, exactly as locked.
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 2. The run-time tools above, in a tree of their own. It is copied to /node_modules, one level above the app:
#    Node's module resolution looks there after /app/node_modules, so the app's own tree stays exactly as locked.
FROM node:${NODE_VERSION}-bookworm-slim AS tools
ARG RUNTIME_DEV_PACKAGES
WORKDIR /tools
COPY package-lock.json ./
RUN set -eu; \
    pins="$(node -e 'const locked = require("./package-lock.json").packages; console.log(process.argv.slice(1).map((name) => { const entry = locked["node_modules/" + name]; if (!entry) throw new Error(name + " is not in package-lock.json"); return name + "@" + entry.version; }).join(" "))' ${RUNTIME_DEV_PACKAGES})"; \
    echo "installing ${pins}"; \
    rm package-lock.json; \
    echo '{"private":true}' > package.json; \
    npm install --omit=dev --no-audit --no-fund --no-package-lock ${pins}; \
    npm cache clean --force

# 3. The image: the app's code, both trees, a non-root user.
FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3978 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=tools /tools/node_modules /node_modules
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY bot ./bot
COPY services ./services
COPY cards ./cards
COPY tab ./tab
# DATA_DIR is only used by the embedded store (development runs of the image: -e NODE_ENV=development).
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node itself is PID 1 (not npm), so SIGTERM reaches the bot's own handler: in-flight requests finish, storage is flushed.
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "bot/main.ts"]
