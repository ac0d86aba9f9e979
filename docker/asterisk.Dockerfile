# Asterisk 22 from Debian unstable: the same packages scripts/asterisk.sh installs in its chroot.
FROM debian:sid-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      asterisk asterisk-core-sounds-en-gsm asterisk-moh-opsound-gsm nodejs npm \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/spool/asterisk/recording && chown -R asterisk:asterisk /var/spool/asterisk
WORKDIR /opt/hotline
# The renderer needs the workspace (config package) to turn asterisk-config/ into /etc/asterisk.
COPY package.json package-lock.json tsconfig.json ./
COPY packages ./packages
COPY services ./services
COPY asterisk-config ./asterisk-config
COPY scripts ./scripts
RUN npm ci --omit=dev --no-audit --no-fund && npm install --no-save tsx
# Credentials come from the environment at start, never from the image.
CMD ["sh", "-c", "rm -rf /etc/asterisk && node --import tsx scripts/render-asterisk-config.ts /etc/asterisk && chown -R asterisk:asterisk /etc/asterisk && exec asterisk -f -U asterisk -G asterisk"]
