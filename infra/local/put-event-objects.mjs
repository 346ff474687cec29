#!/usr/bin/env node
// Uploads, into the local S3, an object for every S3 record (or S3 Batch Operations task) of a
// sample event, so a local LogShipper invoke has something to copy. Keys in S3 notifications and
// Batch Operations tasks are URL-encoded ('+' is a space); they are decoded once here, as S3 would
// have stored them.
// Usage: node put-event-objects.mjs <event.json>   (AWS_ENDPOINT_URL_S3 from `stack up`)
import { readFileSync } from 'node:fs';
import { awsFetch, uriEncode } from './sigv4.mjs';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node put-event-objects.mjs <event.json>\n');
  process.exit(2);
}
const endpoint = (process.env.AWS_ENDPOINT_URL_S3 || '').replace(/\/+$/, '');
if (!endpoint) {
  process.stderr.write('put-event-objects: AWS_ENDPOINT_URL_S3 is not set (run: eval "$(./infra/local/stack up)")\n');
  process.exit(2);
}

const event = JSON.parse(readFileSync(file, 'utf8'));
const objects = [
  ...(event.Records ?? [])
    .filter((r) => r.eventSource === 'aws:s3' && r.s3?.object?.key)
    .map((r) => ({ bucket: r.s3.bucket.name, encodedKey: r.s3.object.key, size: r.s3.object.size })),
  ...(event.tasks ?? [])
    .filter((t) => t.s3Key && (t.s3Bucket || t.s3BucketArn))
    .map((t) => ({ bucket: t.s3Bucket ?? t.s3BucketArn.slice(t.s3BucketArn.lastIndexOf(':') + 1), encodedKey: t.s3Key })),
];
for (const { bucket, encodedKey, size } of objects) {
  const key = decodeURIComponent(encodedKey.replace(/\+/g, ' '));
  const line = `127.0.0.1 - - [${new Date().toISOString()}] "GET /demo HTTP/1.1" 200 512 "-" "lambdasuite-demo"\n`;
  const body = line.repeat(Math.max(1, Math.ceil((size ?? 512) / line.length)));
  const path = key.split('/').map(uriEncode).join('/');
  const res = await awsFetch({ method: 'PUT', url: `${endpoint}/${uriEncode(bucket)}/${path}`, service: 's3', body });
  if (res.status >= 300) {
    process.stderr.write(`put-event-objects: PutObject s3://${bucket}/${key}: HTTP ${res.status} ${res.text.slice(0, 200)}\n`);
    process.exit(1);
  }
  process.stderr.write(`put-event-objects: s3://${bucket}/${key} (${body.length} bytes)\n`);
}
