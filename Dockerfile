# One image for every service; docker-compose picks the service with `command`.
FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json ./
# The root `prepare` script builds the web pages from sources not copied yet; build them below.
RUN npm ci --omit=dev --ignore-scripts
COPY . .
RUN npm run build:web
ENV NODE_ENV=production
EXPOSE 4000 4001 4002 4003 4004 4005 4006 4100
CMD ["npm", "start"]
