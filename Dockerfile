# The tracker's API. Built from the repository: docker compose build api
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY test ./test
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
# The signing key is kept apart from the data: a volume of its own, so whoever can write /data cannot re-sign.
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data SIGNING_KEY_FILE=/keys/signing-key.pem
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The pages' templates and their own assets are read at run time, beside the compiled code.
COPY --from=build /app/apps/api/views ./apps/api/views
COPY --from=build /app/apps/api/static ./apps/api/static
COPY package.json ./
RUN mkdir -p /data /keys && chown node:node /data /keys && chmod 700 /keys
USER node
VOLUME /data /keys
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:3000/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/apps/api/src/main.js"]
