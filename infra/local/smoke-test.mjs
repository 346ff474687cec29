#!/usr/bin/env node
// Smoke test of a running local stack (dependency-free). Run after `eval "$(./infra/local/stack up)"`:
//   node infra/local/smoke-test.mjs
// Checks: S3 CopyObject (awkward keys, cross bucket), UploadPartCopy sent the way the .NET SDK sends it
// (Content-Type: application/x-amz-json-1.0, empty body) with a >= 5 MiB part, DynamoDB tables, and the
// ECS stand-in's SigV4 verification. Leaves the ECS stand-in state as it found it (reads only).
// Prints "N passed, N failed" and exits non-zero on any failure.
import { createHash, randomBytes } from 'node:crypto';
import { awsFetch, signRequest } from './sigv4.mjs';
import { names } from './seed.mjs';

const S3 = process.env.AWS_ENDPOINT_URL_S3;
const DDB = process.env.AWS_ENDPOINT_URL_DYNAMODB;
const ECS = process.env.AWS_ENDPOINT_URL_ECS;
if (!S3 || !DDB || !ECS) {
  console.error('smoke-test: set AWS_ENDPOINT_URL_S3/DYNAMODB/ECS (eval "$(./infra/local/stack up)")');
  process.exit(2);
}

let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (err) {
    failed++;
    console.log(`FAIL ${name}: ${err.message}`);
  }
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}
const md5 = (buf) => createHash('md5').update(buf).digest('hex');
const objectUrl = (bucket, key) => `${S3}/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
const copySource = (bucket, key) => `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;

async function s3(method, url, { headers = {}, body = '' } = {}) {
  // S3 clients send UNSIGNED-PAYLOAD or the body hash; use the body hash here.
  return awsFetch({ method, url, headers, body, service: 's3' });
}

async function getBytes(url) {
  const headers = signRequest({ method: 'GET', url, service: 's3', accessKeyId: 'test', secretAccessKey: 'test' });
  delete headers.host;
  const res = await fetch(url, { headers });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
}

const run = `smoke-${Date.now()}-${randomBytes(3).toString('hex')}`;
const src = names.sourceBucket;
const dst = names.destinationBucket;

await check('S3 PutObject + CopyObject across buckets (key with space, +, %, &, unicode)', async () => {
  const key = `${run}/AWSLogs/a b+c%d&e/ü-file.log`;
  const data = Buffer.from(`log line ${run}\n`.repeat(100));
  const put = await s3('PUT', objectUrl(src, key), { headers: { 'content-type': 'text/plain' }, body: data });
  assert(put.status === 200, `PutObject HTTP ${put.status} ${put.text}`);
  const copy = await s3('PUT', objectUrl(dst, `copied/${key}`), { headers: { 'x-amz-copy-source': copySource(src, key) } });
  assert(copy.status === 200 && copy.text.includes('CopyObjectResult'), `CopyObject HTTP ${copy.status} ${copy.text}`);
  const got = await getBytes(objectUrl(dst, `copied/${key}`));
  assert(got.status === 200 && got.body.equals(data), `GetObject of the copy: HTTP ${got.status}, ${got.body.length} bytes`);
});

await check('S3 UploadPartCopy with the .NET SDK Content-Type (x-amz-json-1.0, empty body), 5 MiB + tail', async () => {
  const key = `${run}/big object.bin`;
  const data = randomBytes(5 * 1024 * 1024 + 12345);
  const put = await s3('PUT', objectUrl(src, key), { headers: { 'content-type': 'application/octet-stream' }, body: data });
  assert(put.status === 200, `PutObject HTTP ${put.status}`);
  const dstKey = `${run}/multipart copy.bin`;
  const create = await s3('POST', `${objectUrl(dst, dstKey)}?uploads`);
  const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(create.text)?.[1];
  assert(create.status === 200 && uploadId, `CreateMultipartUpload HTTP ${create.status} ${create.text}`);
  const split = 5 * 1024 * 1024;
  const ranges = [
    [0, split - 1],
    [split, data.length - 1],
  ];
  const etags = [];
  for (let i = 0; i < ranges.length; i++) {
    const [from, to] = ranges[i];
    const part = await s3('PUT', `${objectUrl(dst, dstKey)}?partNumber=${i + 1}&uploadId=${encodeURIComponent(uploadId)}`, {
      headers: {
        'content-type': 'application/x-amz-json-1.0', // exactly what the .NET SDK sends
        'x-amz-copy-source': copySource(src, key),
        'x-amz-copy-source-range': `bytes=${from}-${to}`,
      },
    });
    const etag = /<ETag>([^<]+)<\/ETag>/.exec(part.text)?.[1];
    assert(part.status === 200 && etag, `UploadPartCopy part ${i + 1}: HTTP ${part.status} ${part.text.slice(0, 300)}`);
    etags.push(etag);
  }
  const completeXml =
    '<CompleteMultipartUpload>' +
    etags.map((e, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${e}</ETag></Part>`).join('') +
    '</CompleteMultipartUpload>';
  const done = await s3('POST', `${objectUrl(dst, dstKey)}?uploadId=${encodeURIComponent(uploadId)}`, {
    headers: { 'content-type': 'application/xml' },
    body: completeXml,
  });
  assert(done.status === 200 && !done.text.includes('<Error>'), `CompleteMultipartUpload HTTP ${done.status} ${done.text}`);
  const got = await getBytes(objectUrl(dst, dstKey));
  assert(got.status === 200 && md5(got.body) === md5(data), `copied object differs (${got.body.length} vs ${data.length} bytes)`);
});

await check('DynamoDB tables exist', async () => {
  const res = await awsFetch({
    method: 'POST',
    url: `${DDB}/`,
    service: 'dynamodb',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' },
    body: '{}',
  });
  const tables = JSON.parse(res.text).TableNames ?? [];
  assert(tables.includes(names.lockTable) && tables.includes(names.usersTable), `ListTables: ${res.text}`);
});

async function ecs(operation, payload, credentials = {}) {
  return awsFetch({
    method: 'POST',
    url: `${ECS}/`,
    service: 'ecs',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AmazonEC2ContainerServiceV20141113.${operation}`,
    },
    body: JSON.stringify(payload),
    ...credentials,
  });
}

await check('ECS stand-in accepts a valid SigV4 signature', async () => {
  const res = await ecs('ListClusters', {});
  assert(res.status === 200 && JSON.parse(res.text).clusterArns, `HTTP ${res.status} ${res.text}`);
});

await check('ECS stand-in accepts X-Amz-Security-Token (signed)', async () => {
  const res = await ecs('ListClusters', {}, { sessionToken: 'local-session-token' });
  assert(res.status === 200, `HTTP ${res.status} ${res.text}`);
});

await check('ECS stand-in rejects a wrong secret with 403 InvalidSignatureException', async () => {
  const res = await ecs('ListClusters', {}, { secretAccessKey: 'not-the-secret' });
  assert(res.status === 403 && JSON.parse(res.text).__type === 'InvalidSignatureException', `HTTP ${res.status} ${res.text.slice(0, 200)}`);
});

await check('ECS stand-in rejects an unknown access key with UnrecognizedClientException', async () => {
  const res = await ecs('ListClusters', {}, { accessKeyId: 'AKIDUNKNOWN' });
  assert(res.status === 403 && JSON.parse(res.text).__type === 'UnrecognizedClientException', `HTTP ${res.status} ${res.text}`);
});

await check('ECS stand-in rejects a tampered body (signature covers the payload hash)', async () => {
  const headers = signRequest({
    method: 'POST',
    url: `${ECS}/`,
    service: 'ecs',
    accessKeyId: 'test',
    secretAccessKey: 'test',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters' },
    body: '{}',
  });
  delete headers.host;
  const res = await fetch(`${ECS}/`, { method: 'POST', headers, body: '{"maxResults":1}' });
  const json = await res.json();
  assert(res.status === 403 && json.__type === 'InvalidSignatureException', `HTTP ${res.status} ${JSON.stringify(json)}`);
});

await check('ECS stand-in answers MissingAuthenticationTokenException without Authorization', async () => {
  const res = await fetch(`${ECS}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters' },
    body: '{}',
  });
  const json = await res.json();
  assert(res.status === 403 && json.__type === 'MissingAuthenticationTokenException', `HTTP ${res.status} ${JSON.stringify(json)}`);
});

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
