#!/usr/bin/env node
// Uploads into the local S3 an object for every S3 record (or S3 Batch Operations task) of a sample event,
// so a local LogShipper invoke has something to copy. Their keys are URL-encoded ('+' is a space): they are
// decoded once here, as S3 would have stored them.
// Usage: node put-event-objects.mjs <event.json>   (AWS_ENDPOINT_URL_S3 from `stack up`)
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from './clients.mjs';

const fail = (message, code) => {
  process.stderr.write(`put-event-objects: ${message}\n`);
  process.exit(code);
};
const { positionals } = parseArgs({ allowPositionals: true });
if (positionals.length !== 1) fail('usage: node put-event-objects.mjs <event.json>', 2);

try {
  const event = JSON.parse(readFileSync(positionals[0], 'utf8'));
  const objects = [
    ...(event.Records ?? [])
      .filter((r) => r.eventSource === 'aws:s3' && r.s3?.object?.key)
      .map((r) => ({ bucket: r.s3.bucket.name, encodedKey: r.s3.object.key, size: r.s3.object.size })),
    ...(event.tasks ?? [])
      .filter((t) => t.s3Key && (t.s3Bucket || t.s3BucketArn))
      .map((t) => ({ bucket: t.s3Bucket ?? t.s3BucketArn.slice(t.s3BucketArn.lastIndexOf(':') + 1), encodedKey: t.s3Key })),
  ];
  const client = s3();
  for (const { bucket, encodedKey, size } of objects) {
    const key = decodeURIComponent(encodedKey.replace(/\+/g, ' '));
    const line = `127.0.0.1 - - [${new Date().toISOString()}] "GET /demo HTTP/1.1" 200 512 "-" "lambdasuite-demo"\n`;
    const body = line.repeat(Math.max(1, Math.ceil((size ?? 512) / line.length)));
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    process.stderr.write(`put-event-objects: s3://${bucket}/${key} (${body.length} bytes)\n`);
  }
} catch (e) {
  fail(`${e.name}: ${e.message}`, 1);
}
