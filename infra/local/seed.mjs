#!/usr/bin/env node
// Creates, idempotently, the buckets and PAY_PER_REQUEST tables (string keys) the SAM template would create,
// named below (LOCAL_* override the names); the destination bucket stands for the demo customer's.
// Usage: node seed.mjs [--reset]   (--reset empties them instead; endpoints from `stack up`; progress on stderr)
import { parseArgs } from 'node:util';
import { CreateBucketCommand, DeleteObjectCommand, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { CreateTableCommand, DeleteItemCommand, DescribeTableCommand, paginateScan, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { dynamodb, s3 } from './clients.mjs';

const env = process.env;
const buckets = [env.LOCAL_SOURCE_BUCKET || 'lambdasuite-access-logs', env.LOCAL_DESTINATION_BUCKET || 'customer-log-archive'];
const tables = { [env.LOCAL_LOCK_TABLE || 'lambdasuite-remediation-locks']: ['PK'], [env.LOCAL_USERS_TABLE || 'lambdasuite-users']: ['PK', 'SK'] };
const log = (message) => process.stderr.write(`seed: ${message}\n`);

// Runs a create call; the given error names mean "it exists already".
async function create(what, send, existsErrors) {
  try {
    await send();
    log(`${what} created`);
  } catch (e) {
    if (!existsErrors.includes(e.name)) throw e;
    log(`${what} exists`);
  }
}

async function seed(storage, db) {
  for (const Bucket of buckets) {
    await create(`bucket ${Bucket}`, () => storage.send(new CreateBucketCommand({ Bucket })), ['BucketAlreadyOwnedByYou', 'BucketAlreadyExists']);
  }
  for (const [TableName, keys] of Object.entries(tables)) {
    const AttributeDefinitions = keys.map((AttributeName) => ({ AttributeName, AttributeType: 'S' }));
    const KeySchema = keys.map((AttributeName, i) => ({ AttributeName, KeyType: i === 0 ? 'HASH' : 'RANGE' }));
    const request = { TableName, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions, KeySchema };
    await create(`table ${TableName}`, () => db.send(new CreateTableCommand(request)), ['ResourceInUseException']);
    await waitUntilTableExists({ client: db, maxWaitTime: 10, minDelay: 1 }, { TableName });
    const schema = (await db.send(new DescribeTableCommand({ TableName }))).Table.KeySchema.map((k) => k.AttributeName);
    if (schema.join() !== keys.join()) log(`WARNING: table ${TableName} has key schema (${schema}), expected (${keys})`);
  }
}

// A fresh start for a demo run without restarting the stack.
async function empty(storage, db) {
  for (const [TableName, keys] of Object.entries(tables)) {
    let removed = 0;
    for await (const page of paginateScan({ client: db }, { TableName })) {
      for (const item of page.Items ?? []) {
        await db.send(new DeleteItemCommand({ TableName, Key: Object.fromEntries(keys.map((k) => [k, item[k]])) }));
        removed += 1;
      }
    }
    log(`table ${TableName}: ${removed} items removed`);
  }
  for (const Bucket of buckets) {
    let removed = 0;
    for await (const page of paginateListObjectsV2({ client: storage }, { Bucket })) {
      for (const { Key } of page.Contents ?? []) {
        await storage.send(new DeleteObjectCommand({ Bucket, Key }));
        removed += 1;
      }
    }
    log(`bucket ${Bucket}: ${removed} objects removed`);
  }
}

try {
  const { values } = parseArgs({ options: { reset: { type: 'boolean' } } });
  await (values.reset ? empty : seed)(s3(), dynamodb());
} catch (e) {
  log(`FAILED: ${e.name}: ${e.message}`);
  process.exit(1);
}
