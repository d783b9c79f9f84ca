/**
 * Serves a written catalog site on loopback (`tributary docs --serve`): GET and HEAD of
 * the files in its folder, nothing outside it, no directory listings. Loopback only: the
 * catalog names every personal column, so it is not put on the network by default.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { TributaryError } from '../../core/index.js';

const TYPES: Readonly<Record<string, string>> = { '.html': 'text/html; charset=utf-8', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml' };

export interface SiteServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function serveSite(dir: string, port: number): Promise<SiteServer> {
  const root = normalize(dir);
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://loopback').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (file !== root && !file.startsWith(root.endsWith(sep) ? root : `${root}${sep}`)) {
      res.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) => {
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      () => res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n'),
    );
  });
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new TributaryError('docs_port_unavailable', `cannot serve the catalog on 127.0.0.1:${port} (${error.code ?? error.message})`, {
          hint: 'pass another --port (0 picks a free one)',
        }),
      ),
    );
    server.listen(port, '127.0.0.1', () => resolvePromise());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
