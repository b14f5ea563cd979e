/**
 * The worker thread of `payload-server.ts`: an HTTP server on 127.0.0.1 answering from bytes built
 * beforehand, so that its own cost is close to nothing and the same bytes go to every client.
 * `workerData.routes` are the routes (see `payload-server.ts`); it posts `{ port }` once
 * listening, answers `'stats'` with the requests seen since the last one, and closes on `'close'`.
 */
import { createServer } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const routes = new Map(workerData.routes.map((route) => [route.path, prepare(route)]));
let requests = 0;
let inFlight = 0;
let peakInFlight = 0;

/** A route as the server uses it: its answer to a request's query, memoized per page. */
function prepare(route) {
  const headers = { 'content-type': route.contentType };
  if (route.body !== undefined) {
    const body = Buffer.from(route.body.buffer, route.body.byteOffset, route.body.byteLength);
    return { delayMs: route.delayMs ?? 0, headers, answer: () => body };
  }
  // A CloudStack list: `{"<responseKey>":{"count":N,"<listKey>":[…]}}`, any page and page size.
  const items = route.pages.items.map((item) => Buffer.from(item));
  const pages = new Map();
  return {
    delayMs: route.delayMs ?? 0,
    headers,
    answer(query) {
      const size = Number(query.get('pagesize') ?? items.length);
      const page = Number(query.get('page') ?? 1);
      const key = `${page}/${size}`;
      let body = pages.get(key);
      if (body === undefined) {
        const slice = items.slice((page - 1) * size, page * size);
        const list = slice.length === 0 ? '' : `,"${route.pages.listKey}":[`;
        body = Buffer.concat([
          Buffer.from(`{"${route.pages.responseKey}":{"count":${items.length}${list}`),
          ...slice.flatMap((item, i) => (i === 0 ? [item] : [COMMA, item])),
          Buffer.from(slice.length === 0 ? '}}' : ']}}'),
        ]);
        pages.set(key, body);
      }
      return body;
    },
  };
}

const COMMA = Buffer.from(',');

const server = createServer((request, response) => {
  requests++;
  inFlight++;
  peakInFlight = Math.max(peakInFlight, inFlight);
  response.once('close', () => inFlight--);
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const route = routes.get(url.pathname);
  request.resume();
  request.once('end', () => {
    if (route === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`no route ${url.pathname}`);
      return;
    }
    const body = route.answer(url.searchParams);
    const send = () =>
      response.writeHead(200, { ...route.headers, 'content-length': body.byteLength }).end(body);
    if (route.delayMs > 0) setTimeout(send, route.delayMs);
    else send();
  });
});

server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', (message) => {
  if (message === 'stats') {
    parentPort.postMessage({ requests, peakInFlight });
    requests = 0;
    peakInFlight = 0;
  } else if (message === 'close') {
    server.closeAllConnections();
    server.close(() => parentPort.close());
  }
});
