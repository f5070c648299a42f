# One image for every service; docker-compose picks the service with `command`.
FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json ./
# The root `prepare` script builds from sources not copied yet: build below.
RUN npm ci --omit=dev --ignore-scripts
COPY . .
RUN node bin/bundle.mjs
ENV NODE_ENV=production
EXPOSE 4000 4001 4002 4003 4004 4005 4006 4100
CMD ["npm", "start"]
