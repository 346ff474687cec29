#!/usr/bin/env node
// Starts dynalite (DynamoDB emulator, in memory) on 127.0.0.1 only, over HTTP or, with --tls-cert/--tls-key, HTTPS.
// Usage: node dynalite-server.mjs [--port N] [--createTableMs MS] [--tls-cert chain.pem --tls-key key.pem]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import dynalite from 'dynalite';

const { values: args } = parseArgs({ options: { port: { type: 'string', default: '45661' }, createTableMs: { type: 'string', default: '0' }, 'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' } } });
const HOST = '127.0.0.1';
// dynalite falls back to its own bundled certificate and CA unless given them (no client certificates: no CA).
const tls = args['tls-cert'] ? { ssl: true, cert: readFileSync(args['tls-cert']), key: readFileSync(args['tls-key']), ca: [] } : {};
const server = dynalite({ createTableMs: Number(args.createTableMs), ...tls });

for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0)); // state is in memory only
server.on('error', (err) => {
  console.error(`dynalite-server: cannot listen on ${HOST}:${args.port}: ${err.code ?? ''} ${err.message}`);
  process.exit(1);
});
server.listen(Number(args.port), HOST, () => console.log(`dynalite listening on ${tls.ssl ? 'https' : 'http'}://${HOST}:${server.address().port}`));
