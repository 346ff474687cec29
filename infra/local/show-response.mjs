#!/usr/bin/env node
// Shows a function's response (infra/local/invoke's stdout: raw JSON, its published contract) for a
// person reading the demo: indented, non-ASCII as text (the .NET serializer escapes it, "\uD83D\uDCE6"
// is 📦), and a long string (a console link, a summary) on its own line below its key. The result is
// still JSON. Input that is not JSON (an empty answer, an error's text) is passed through as it came.
// Usage: ./infra/local/invoke … | node show-response.mjs
import { readFileSync } from 'node:fs';

const WIDTH = 100; // a member longer than this puts its string value on the next line
const indent = (depth) => '  '.repeat(depth);

const show = (value, depth) => {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((item) => indent(depth + 1) + show(item, depth + 1));
    return `[\n${items.join(',\n')}\n${indent(depth)}]`;
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0) return '{}';
    const members = keys.map((key) => member(key, value[key], depth + 1));
    return `{\n${members.join(',\n')}\n${indent(depth)}}`;
  }
  return JSON.stringify(value);
};

const member = (key, value, depth) => {
  const head = `${indent(depth)}${JSON.stringify(key)}:`;
  const body = show(value, depth);
  return typeof value === 'string' && head.length + 1 + body.length > WIDTH
    ? `${head}\n${indent(depth + 2)}${body}`
    : `${head} ${body}`;
};

const raw = readFileSync(0, 'utf8');
let response;
try {
  response = JSON.parse(raw);
} catch {
  process.stdout.write(raw);
  process.exit(0);
}
process.stdout.write(`${show(response, 0)}\n`);
