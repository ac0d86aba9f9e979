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
CMD ["sh", "-c", "cd services/$SERVICE && exec node --import tsx src/main.ts"]
