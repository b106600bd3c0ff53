// A stand-in for Connect in benchmarks: parses each GraphQL request (JSON body,
// query text) and answers one id per signal. Prints its port on stdout.
// Plain JavaScript so that it starts fast and costs the same for every client.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { parse } from 'graphql';

const documents = new Map();
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (!documents.has(body.query)) documents.set(body.query, parse(body.query));
      const n = body.variables.signals.length;
      const signalIds = new Array(n);
      for (let i = 0; i < n; i++) signalIds[i] = randomUUID();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: { createSignals: { signalIds } } }));
    } catch (error) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: String(error) }] }));
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
