#!/usr/bin/env node
// ECS stand-in: the ECS operations LambdaSuite calls (ecs-model.mjs) over the real AWS JSON 1.1 protocol,
// every request's SigV4 signature checked, with injectable faults. State is in memory; tests steer it
// through /_standin/ (README.md). Usage: node ecs-standin.mjs [--port N] [--tls-cert chain.pem --tls-key key.pem]
// (127.0.0.1 only; 0 = any free port; with the certificate: HTTPS)
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { parseArgs } from 'node:util';
import aws4 from 'aws4';
import { ACCOUNT, EcsError, REGION, check, clusters, config, number, operations, reset } from './ecs-model.mjs';

const { values: args } = parseArgs({ options: { port: { type: 'string' }, 'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' } } });
const PORT = number(args.port, 45662);
// --tls-cert/--tls-key (the certificate chain and key of `stack up --tls`): HTTPS instead of HTTP.
const TLS = args['tls-cert'] ? { cert: readFileSync(args['tls-cert']), key: readFileSync(args['tls-key']) } : null;
const CREDENTIALS = new Map([...(process.env.ECS_STANDIN_CREDENTIALS || 'test:test').matchAll(/([^,:]+):([^,]*)/g)].map((m) => [m[1].trim(), m[2].trim()]));
const [TARGET_PREFIX, MAX_SKEW_MS, LOG_LIMIT] = ['AmazonEC2ContainerServiceV20141113.', 15 * 60 * 1000, 1000];

let calls; // { [operation]: count } of authenticated calls
let requests; // the last LOG_LIMIT calls: { seq, at, operation, target, body, status?, errorType? }
let faults; // [{ operation, remaining, delayMs?, status?, type?, message? }]
let sequence = 0;

function restart(seed) {
  reset(seed);
  [calls, requests, faults] = [{}, [], []];
}

// --- authentication: the request signed again with the caller's secret must give its signature ---
function authenticate(req, body) {
  const header = req.headers.authorization;
  check('MissingAuthenticationTokenException', [header, 'Missing Authentication Token']);
  const m = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)$/.exec(header.trim());
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  const signedAt = Date.parse(amzDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
  check(
    'IncompleteSignatureException',
    [m, `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters. Authorization=${header}`],
    [!Number.isNaN(signedAt), "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."],
  );
  const [, key, scope, signedHeaders, signature] = m;
  check('UnrecognizedClientException', [CREDENTIALS.has(key), 'The security token included in the request is invalid.']);
  // Exactly the headers the caller signed, as it sent them.
  const names = signedHeaders.split(';');
  const headers = Object.fromEntries(names.map((name) => [name, (req.headersDistinct[name] ?? ['']).join(',')]));
  const extraHeadersToInclude = Object.fromEntries(names.map((name) => [name, true]));
  const request = { service: 'ecs', region: REGION, method: req.method, path: req.url, headers, body, doNotModifyHeaders: true, extraHeadersToInclude };
  const signer = new aws4.RequestSigner(request, { accessKeyId: key, secretAccessKey: CREDENTIALS.get(key) });
  signer.datetime = amzDate;
  const [expected, given, declared] = [Buffer.from(signer.signature(), 'hex'), Buffer.from(signature, 'hex'), req.headers['x-amz-content-sha256']];
  const expectedScope = `${amzDate.slice(0, 8)}/${REGION}/ecs/aws4_request`;
  check(
    'InvalidSignatureException',
    [scope === expectedScope, `Credential should be scoped to ${expectedScope}, not ${scope}.`],
    [Math.abs(Date.now() - signedAt) <= MAX_SKEW_MS, `Signature expired: ${amzDate} is more than 15 minutes from the stand-in's time.`],
    [names.includes('host') && names.includes('x-amz-date'), "'Host' and 'X-Amz-Date' must be SignedHeaders in the AWS Authorization."],
    [!declared || declared === 'UNSIGNED-PAYLOAD' || declared === createHash('sha256').update(body).digest('hex'), 'The provided x-amz-content-sha256 header does not match what was computed.'],
    [
      given.length === expected.length && timingSafeEqual(given, expected),
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.' +
        `\n\nThe Canonical String for this request should have been\n'${signer.canonicalString()}'\n\nThe String-to-Sign should have been\n'${signer.stringToSign()}'\n`,
    ],
  );
}

// --- faults: an error and/or a delay for the next `count` calls of an operation ("*": any) ----------
function addFault(spec) {
  const { operation = '*', count = 1, delayMs, status, type, message } = spec ?? {};
  const fault = { operation, remaining: Number(count), delayMs: delayMs === undefined ? undefined : Number(delayMs) };
  if (status !== undefined || type !== undefined) {
    fault.status = status === undefined ? (type === 'ServerException' ? 500 : 400) : Number(status);
    fault.type = type ?? (fault.status === 503 ? 'ServiceUnavailableException' : fault.status >= 500 ? 'ServerException' : 'ClientException');
    fault.message = message ?? `Injected fault (${fault.type})`;
  }
  check(
    'InvalidParameterException',
    [operation === '*' || Object.hasOwn(operations, operation), `Unknown operation: ${operation}`],
    [Number.isInteger(fault.remaining) && fault.remaining >= -1 && fault.remaining !== 0, 'count must be a positive integer, or -1 for unlimited'],
    [fault.delayMs === undefined || (fault.delayMs >= 0 && fault.delayMs <= 600000), 'delayMs must be between 0 and 600000'],
    [fault.status === undefined || (Number.isInteger(fault.status) && fault.status >= 400 && fault.status <= 599), 'status must be 4xx or 5xx'],
    [fault.status !== undefined || fault.delayMs !== undefined, 'fault needs status/type and/or delayMs'],
  );
  return fault;
}

// Uses up the faults that match this call: the longest delay, and the first error.
function takeFaults(operation) {
  const matching = faults.filter((f) => f.operation === '*' || f.operation === operation);
  matching.filter((f) => f.remaining > 0).forEach((f) => (f.remaining -= 1));
  faults = faults.filter((f) => f.remaining !== 0);
  const failing = matching.find((f) => f.status !== undefined);
  return { delayMs: Math.max(0, ...matching.map((f) => f.delayMs ?? 0)), error: failing && new EcsError(failing.type, failing.message, failing.status) };
}

// --- http ---------------------------------------------------------------------------------------
function send(res, status, payload, contentType = 'application/x-amz-json-1.1') {
  // Times are epoch seconds with millisecond precision, as ECS sends them.
  const body = Buffer.from(JSON.stringify(payload, (key, value) => (typeof value === 'number' && key.endsWith('At') ? Math.round(value * 1000) / 1000 : value)));
  const headers = { 'Content-Type': contentType, 'Content-Length': body.length, 'x-amzn-RequestId': randomUUID() };
  res.writeHead(status, payload?.__type ? { ...headers, 'x-amzn-ErrorType': payload.__type } : headers).end(body);
}

function sendError(res, err, contentType) {
  const e = err instanceof EcsError ? err : new EcsError('ServerException', `Internal error: ${err?.message ?? err}`, 500);
  send(res, e.status, { __type: e.type, message: e.message }, contentType);
  return e;
}

function parse(body, empty) {
  const text = body.toString('utf8');
  try {
    return text.trim() === '' ? empty : JSON.parse(text);
  } catch {
    throw new EcsError('SerializationException', 'Request body is not valid JSON.');
  }
}

async function handleEcs(req, res, body) {
  const target = req.headers['x-amz-target'] ?? '';
  const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : null;
  const entry = { seq: ++sequence, at: new Date().toISOString(), operation, target, body: body.toString('utf8') };
  requests.push(entry);
  requests.splice(0, requests.length - LOG_LIMIT);
  try {
    authenticate(req, body); // as in AWS: authentication, then the operation, then the body
    check('UnknownOperationException', [Object.hasOwn(operations, operation ?? ''), `Unknown operation ${target || '(no X-Amz-Target)'}`]);
    entry.body = parse(body, {});
    check('SerializationException', [entry.body !== null && typeof entry.body === 'object' && !Array.isArray(entry.body), 'Request body must be a JSON object.']);
    calls[operation] = (calls[operation] ?? 0) + 1;
    const { delayMs, error } = takeFaults(operation);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (error) throw error;
    send(res, 200, operations[operation](entry.body));
    entry.status = 200;
  } catch (err) {
    const e = sendError(res, err);
    Object.assign(entry, { status: e.status, errorType: e.type });
  }
}

// Control endpoints for tests (no authentication). A change applies whole or not at all.
const state = () => ({ region: REGION, account: ACCOUNT, config, clusters, calls, requests, faults });
const control = {
  'GET /_standin/health': () => ({ status: 'ok' }),
  'GET /_standin/state': state,
  'POST /_standin/reset': (body) => {
    restart(parse(body, undefined)); // no body: the demo seed
    return state();
  },
  'POST /_standin/faults': (body) => {
    faults.push(...[parse(body, {})].flat().map(addFault));
    return { faults };
  },
};

const serve = async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const [body, path] = [Buffer.concat(chunks), (req.url ?? '/').split('?')[0]];
  if (req.method === 'POST' && path === '/') return handleEcs(req, res, body);
  try {
    const endpoint = control[`${req.method} ${path}`];
    if (!endpoint) throw new EcsError('NotFound', `No endpoint ${req.method} ${path}: ECS is POST /, the control endpoints are under /_standin/`, 404);
    send(res, 200, endpoint(body), 'application/json');
  } catch (err) {
    sendError(res, err, 'application/json');
  }
};
const server = TLS ? https.createServer(TLS, serve) : http.createServer(serve);

restart();
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
server.on('error', (err) => {
  console.error(`ecs-standin: cannot listen on 127.0.0.1:${PORT}: ${err.code ?? ''} ${err.message}`);
  process.exit(1);
});
server.listen(PORT, '127.0.0.1', () => console.log(`ecs-standin listening on ${TLS ? 'https' : 'http'}://127.0.0.1:${server.address().port}`));
