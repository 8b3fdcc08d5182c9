import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { rawConnection, type RawConnection } from '../../../bench/raw-http.js';

/** A server whose answers the test writes by hand, counting the connections it accepted. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<{ server: Server; baseUrl: string; connections: () => number }> {
  let connections = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => { body += chunk; });
    req.on('end', () => handler(req, res, body));
  });
  server.on('connection', () => { connections += 1; });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections };
}

const open: { server?: Server; client?: RawConnection }[] = [];
afterEach(async () => {
  for (const { server, client } of open.splice(0)) {
    client?.close();
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
});

describe('the raw bench client', () => {
  it('sends method, path, headers and body, reads status and body, and keeps one connection for many requests', async () => {
    const { server, baseUrl, connections } = await serve((req, res, body) => {
      const text = JSON.stringify({ method: req.method, url: req.url, host: req.headers.host, token: req.headers['x-token'], length: req.headers['content-length'] ?? null, body });
      res.writeHead(req.method === 'PUT' ? 201 : 200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
    const client = rawConnection(baseUrl);
    open.push({ server, client });
    const body = JSON.stringify({ text: 'сохранено ✓ 𝒳', version: 3 });
    const put = await client.request('PUT', '/slots/7/ru?x=1', { 'x-token': 'abc', 'content-type': 'application/json' }, body);
    expect(put.status).toBe(201);
    expect(JSON.parse(put.body.toString('utf8'))).toEqual({ method: 'PUT', url: '/slots/7/ru?x=1', host: new URL(baseUrl).host, token: 'abc', length: String(Buffer.byteLength(body)), body });
    for (let i = 0; i < 3; i++) {
      const get = await client.request('GET', `/rows?i=${i}`);
      expect(get.status).toBe(200);
      expect(JSON.parse(get.body.toString('utf8'))).toMatchObject({ method: 'GET', url: `/rows?i=${i}`, length: null, body: '' });
    }
    expect(connections()).toBe(1);
  });

  it('waits for an answer that arrives in pieces', async () => {
    const { server, baseUrl } = await serve((_req, res) => {
      const text = 'x'.repeat(70_000) + 'end';
      res.writeHead(200, { 'content-length': text.length });
      res.write(text.slice(0, 10));
      setTimeout(() => res.write(text.slice(10, 40_000)), 20);
      setTimeout(() => res.end(text.slice(40_000)), 40);
    });
    const client = rawConnection(baseUrl);
    open.push({ server, client });
    const answer = await client.request('GET', '/');
    expect(answer.body.length).toBe(70_003);
    expect(answer.body.toString('latin1').endsWith('end')).toBe(true);
  });

  it('refuses a chunked answer instead of guessing where it ends', async () => {
    const { server, baseUrl } = await serve((_req, res) => {
      res.write('part one');
      res.end('part two');
    });
    const client = rawConnection(baseUrl);
    open.push({ server, client });
    await expect(client.request('GET', '/')).rejects.toThrow(/Content-Length answers only; this one came chunked/);
  });

  it('fails a request whose connection closes before the answer, and reconnects for the next', async () => {
    let first = true;
    const { server, baseUrl, connections } = await serve((req, res) => {
      if (first) {
        first = false;
        (req.socket as Socket).destroy();
        return;
      }
      res.writeHead(200, { 'content-length': 2 });
      res.end('ok');
    });
    const client = rawConnection(baseUrl);
    open.push({ server, client });
    await expect(client.request('GET', '/')).rejects.toThrow(/closed the connection|ECONNRESET/);
    const answer = await client.request('GET', '/');
    expect(answer.body.toString()).toBe('ok');
    expect(connections()).toBe(2);
  });

  it('opens a new connection after an answer that says Connection: close', async () => {
    const { server, baseUrl, connections } = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': 2, connection: 'close' });
      res.end('ok');
    });
    const client = rawConnection(baseUrl);
    open.push({ server, client });
    expect((await client.request('GET', '/')).body.toString()).toBe('ok');
    expect((await client.request('GET', '/')).body.toString()).toBe('ok');
    expect(connections()).toBe(2);
  });

  it('takes one request at a time', async () => {
    const { server, baseUrl } = await serve((_req, res) => {
      setTimeout(() => {
        res.writeHead(200, { 'content-length': 2 });
        res.end('ok');
      }, 20);
    });
    const client = rawConnection(baseUrl);
    open.push({ server, client });
    const first = client.request('GET', '/');
    await expect(client.request('GET', '/')).rejects.toThrow(/One request at a time/);
    expect((await first).status).toBe(200);
  });
});
