# One image for the three services; compose picks the service with SERVICE.
FROM node:20-bookworm-slim
WORKDIR /opt/hotline
COPY package.json package-lock.json tsconfig.json ./
COPY packages ./packages
COPY services ./services
COPY migrations ./migrations
COPY config ./config
RUN npm ci --no-audit --no-fund
ENV NODE_ENV=production
# A service's own Node flags, if it has any (services/NAME/node-flags, '#' lines are comments).
CMD ["sh", "-c", "cd services/$SERVICE && exec node $(grep -hv '^#' node-flags 2>/dev/null) --import tsx src/main.ts"]
