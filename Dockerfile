# One image for every service; docker-compose picks the service with `command`.
FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
ENV NODE_ENV=production
EXPOSE 4000 4001 4002 4003 4004 4005 4006 4100
CMD ["npm", "start"]
