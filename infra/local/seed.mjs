#!/usr/bin/env node
// Creates the demo resources the SAM template would create, idempotently (already existing is fine):
//   S3 buckets  LOCAL_SOURCE_BUCKET      (default lambdasuite-access-logs: the source log bucket)
//               LOCAL_DESTINATION_BUCKET (default customer-log-archive: the customer's destination bucket, demo)
//   DynamoDB    LOCAL_LOCK_TABLE         (default lambdasuite-remediation-locks: PK (S), PAY_PER_REQUEST)
//               LOCAL_USERS_TABLE        (default lambdasuite-users: PK (S) + SK (S), PAY_PER_REQUEST)
// Endpoints: AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_DYNAMODB. Credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY
// (default test/test). Raw HTTP + SigV4 (sigv4.mjs); no dependencies. Progress goes to stderr.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { awsFetch } from './sigv4.mjs';

const env = process.env;
export const names = {
  sourceBucket: env.LOCAL_SOURCE_BUCKET || 'lambdasuite-access-logs',
  destinationBucket: env.LOCAL_DESTINATION_BUCKET || 'customer-log-archive',
  lockTable: env.LOCAL_LOCK_TABLE || 'lambdasuite-remediation-locks',
  usersTable: env.LOCAL_USERS_TABLE || 'lambdasuite-users',
};

const log = (msg) => process.stderr.write(`seed: ${msg}\n`);

function endpoint(name) {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value.replace(/\/+$/, '');
}

function errorCode(text) {
  const xml = /<Code>([^<]+)<\/Code>/.exec(text);
  if (xml) return xml[1];
  try {
    const type = JSON.parse(text).__type ?? '';
    return type.slice(type.lastIndexOf('#') + 1);
  } catch {
    return '';
  }
}

async function ensureBucket(s3, bucket) {
  const url = `${s3}/${encodeURIComponent(bucket)}`;
  const head = await awsFetch({ method: 'HEAD', url, service: 's3' });
  if (head.status === 200) {
    log(`bucket ${bucket} exists`);
    return;
  }
  const res = await awsFetch({ method: 'PUT', url, service: 's3' });
  const code = res.status >= 300 ? errorCode(res.text) : '';
  if (res.status < 300) log(`bucket ${bucket} created`);
  else if (code === 'BucketAlreadyOwnedByYou' || code === 'BucketAlreadyExists') log(`bucket ${bucket} exists`);
  else throw new Error(`CreateBucket ${bucket}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
}

async function dynamo(ddb, operation, payload) {
  const body = JSON.stringify(payload);
  const res = await awsFetch({
    method: 'POST',
    url: `${ddb}/`,
    service: 'dynamodb',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${operation}` },
    body,
  });
  let json = {};
  try {
    json = res.text ? JSON.parse(res.text) : {};
  } catch {
    // keep {}
  }
  return { status: res.status, json, code: res.status >= 300 ? errorCode(res.text) : '', text: res.text };
}

async function ensureTable(ddb, table, keys) {
  const request = {
    TableName: table,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keys.map(([name, type]) => ({ AttributeName: name, AttributeType: type })),
    KeySchema: keys.map(([name], i) => ({ AttributeName: name, KeyType: i === 0 ? 'HASH' : 'RANGE' })),
  };
  const created = await dynamo(ddb, 'CreateTable', request);
  if (created.status < 300) log(`table ${table} created`);
  else if (created.code === 'ResourceInUseException') log(`table ${table} exists`);
  else throw new Error(`CreateTable ${table}: HTTP ${created.status} ${created.text.slice(0, 300)}`);
  // Wait until ACTIVE (immediate with dynalite --createTableMs 0) and check the key schema.
  const deadline = Date.now() + 10000;
  for (;;) {
    const d = await dynamo(ddb, 'DescribeTable', { TableName: table });
    if (d.status >= 300) throw new Error(`DescribeTable ${table}: HTTP ${d.status} ${d.text.slice(0, 300)}`);
    const t = d.json.Table;
    const schema = (t.KeySchema ?? []).map((k) => k.AttributeName).join(',');
    const wanted = keys.map(([name]) => name).join(',');
    if (schema !== wanted) log(`WARNING: table ${table} has key schema (${schema}), expected (${wanted})`);
    if (t.TableStatus === 'ACTIVE') return;
    if (Date.now() > deadline) throw new Error(`table ${table} is still ${t.TableStatus}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function seed() {
  const s3 = endpoint('AWS_ENDPOINT_URL_S3');
  const ddb = endpoint('AWS_ENDPOINT_URL_DYNAMODB');
  await ensureBucket(s3, names.sourceBucket);
  await ensureBucket(s3, names.destinationBucket);
  await ensureTable(ddb, names.lockTable, [['PK', 'S']]);
  await ensureTable(ddb, names.usersTable, [['PK', 'S'], ['SK', 'S']]);
}

const invokedDirectly = (() => {
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (invokedDirectly) {
  seed().catch((err) => {
    log(`FAILED: ${err.message}`);
    process.exit(1);
  });
}
