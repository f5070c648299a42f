/**
 * Child process: the ceiling no gateway can pass — a bare node:http server
 * that reads the request and answers with the very bytes a gateway would,
 * chosen by path (/<operation id>). Bodies come from the file BENCH_BODIES.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { announce } from './processes.ts';

const bodies = new Map(Object.entries(JSON.parse(fs.readFileSync(process.env.BENCH_BODIES!, 'utf8')) as Record<string, string>).map(([k, v]) => [k, Buffer.from(v)]));

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const body = bodies.get((req.url ?? '/').slice(1));
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  announce({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }, () => new Promise((r) => server.close(() => r())));
});
