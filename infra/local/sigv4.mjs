// AWS Signature Version 4 — signing (for seed.mjs and checks) and verification (for ecs-standin.mjs).
// Dependency-free; follows the public SigV4 specification:
//   canonical request = METHOD \n canonical URI \n canonical query \n canonical headers \n signed headers \n payload hash
//   string to sign    = "AWS4-HMAC-SHA256" \n amz-date \n scope \n hex(sha256(canonical request))
//   signing key       = HMAC chain over "AWS4"+secret, date, region, service, "aws4_request"
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

export function sha256Hex(data) {
  return createHash('sha256').update(data ?? '').digest('hex');
}

function hmac(key, data) {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

// RFC 3986 percent-encoding (unreserved characters A-Z a-z 0-9 - _ . ~ stay as they are).
export function uriEncode(value) {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

function safeDecode(value) {
  try {
    return decodeURIComponent(value.replace(/\+/g, '%20'));
  } catch {
    return value;
  }
}

// Canonical URI. `rawPath` is the path as it travels on the wire (already percent-encoded).
// S3 encodes each segment once; every other service encodes the already-encoded path a second time.
export function canonicalUri(rawPath, service) {
  const path = rawPath && rawPath.length > 0 ? rawPath : '/';
  if (service === 's3') {
    return path
      .split('/')
      .map((segment) => uriEncode(safeDecodeSegment(segment)))
      .join('/');
  }
  // Other services: normalise the decoded path once, then encode each segment twice.
  return path
    .split('/')
    .map((segment) => uriEncode(uriEncode(safeDecodeSegment(segment))))
    .join('/');
}

function safeDecodeSegment(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

// Canonical query string from the raw query (without "?").
export function canonicalQuery(rawQuery) {
  if (!rawQuery) return '';
  const pairs = rawQuery
    .split('&')
    .filter((part) => part.length > 0)
    .map((part) => {
      const eq = part.indexOf('=');
      const key = eq < 0 ? part : part.slice(0, eq);
      const value = eq < 0 ? '' : part.slice(eq + 1);
      return [uriEncode(safeDecode(key)), uriEncode(safeDecode(value))];
    });
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function normaliseHeaderValue(value) {
  return String(value).trim().replace(/\s+/g, ' ');
}

// headerPairs: array of [name, value] in any case, duplicates allowed (joined with "," as the spec says).
export function canonicalHeaders(headerPairs, signedHeaderNames) {
  const byName = new Map();
  for (const [name, value] of headerPairs) {
    const lower = name.toLowerCase();
    if (!byName.has(lower)) byName.set(lower, []);
    byName.get(lower).push(normaliseHeaderValue(value));
  }
  return signedHeaderNames.map((name) => `${name}:${(byName.get(name) ?? []).join(',')}\n`).join('');
}

export function signingKey(secretAccessKey, date, region, service) {
  const kDate = hmac('AWS4' + secretAccessKey, date);
  const kRegion = hmac(kDate, region);
  const kService = hmac(kRegion, service);
  return hmac(kService, 'aws4_request');
}

export function buildCanonicalRequest({ method, rawPath, rawQuery, headerPairs, signedHeaders, payloadHash, service }) {
  return [
    method.toUpperCase(),
    canonicalUri(rawPath, service),
    canonicalQuery(rawQuery),
    canonicalHeaders(headerPairs, signedHeaders),
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
}

export function stringToSign(amzDate, scope, canonicalRequest) {
  return [ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
}

export function toAmzDate(date = new Date()) {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

// Signs a request. Returns the headers to send (input headers + host, x-amz-date, [x-amz-content-sha256],
// [x-amz-security-token], authorization).
export function signRequest({
  method = 'GET',
  url,
  headers = {},
  body = '',
  region = 'us-east-1',
  service,
  accessKeyId,
  secretAccessKey,
  sessionToken,
  date = new Date(),
}) {
  const u = new URL(url);
  const amzDate = toAmzDate(date);
  const shortDate = amzDate.slice(0, 8);
  const out = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = String(v);
  out.host = u.host;
  out['x-amz-date'] = amzDate;
  const payloadHash = out['x-amz-content-sha256'] ?? sha256Hex(body);
  if (service === 's3') out['x-amz-content-sha256'] = payloadHash;
  if (sessionToken) out['x-amz-security-token'] = sessionToken;
  const signedHeaders = Object.keys(out)
    .filter((h) => h !== 'authorization' && h !== 'content-length' && h !== 'user-agent')
    .sort();
  const rawQuery = u.search.startsWith('?') ? u.search.slice(1) : u.search;
  const canonical = buildCanonicalRequest({
    method,
    rawPath: u.pathname,
    rawQuery,
    headerPairs: Object.entries(out),
    signedHeaders,
    payloadHash,
    service,
  });
  const scope = `${shortDate}/${region}/${service}/aws4_request`;
  const signature = createHmac('sha256', signingKey(secretAccessKey, shortDate, region, service))
    .update(stringToSign(amzDate, scope, canonical), 'utf8')
    .digest('hex');
  out.authorization = `${ALGORITHM} Credential=${accessKeyId}/${scope}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`;
  return out;
}

// Parses "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/ecs/aws4_request, SignedHeaders=a;b, Signature=hex".
export function parseAuthorization(header) {
  if (typeof header !== 'string') return null;
  const trimmed = header.trim();
  if (!trimmed.startsWith(ALGORITHM + ' ')) return { algorithm: trimmed.split(/\s/)[0] };
  const fields = {};
  for (const part of trimmed.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  const credential = fields.Credential ?? '';
  const parts = credential.split('/');
  return {
    algorithm: ALGORITHM,
    credential,
    accessKeyId: parts.length === 5 ? parts[0] : undefined,
    date: parts[1],
    region: parts[2],
    service: parts[3],
    terminator: parts[4],
    signedHeaders: fields.SignedHeaders ? fields.SignedHeaders.split(';') : undefined,
    signature: fields.Signature,
  };
}

// "key:secret,key2:secret2" -> Map
export function parseCredentialMap(text) {
  const map = new Map();
  for (const entry of String(text ?? '').split(',')) {
    const idx = entry.indexOf(':');
    if (idx <= 0) continue;
    map.set(entry.slice(0, idx).trim(), entry.slice(idx + 1).trim());
  }
  return map;
}

function authError(type, message, detail) {
  return detail ? { ok: false, type, message, ...detail } : { ok: false, type, message };
}

function parseAmzDate(value) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!m) return null;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

// Verifies the SigV4 Authorization header of an incoming node:http request.
//   req: IncomingMessage (uses method, url, rawHeaders, headers); body: Buffer of the whole body.
//   options: { credentials: Map<key, secret>, service, region (expected; undefined = any), maxSkewSeconds, now }
// Returns { ok: true, accessKeyId } or { ok: false, type, message } with AWS exception names.
export function verifyRequest(req, body, options) {
  const { credentials, service, region, maxSkewSeconds = 900, now = new Date() } = options;
  const header = req.headers.authorization;
  if (!header) {
    return authError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  }
  const auth = parseAuthorization(header);
  if (!auth || auth.algorithm !== ALGORITHM) {
    return authError('IncompleteSignatureException', `Unsupported authorization algorithm: ${auth?.algorithm ?? ''}`);
  }
  if (!auth.accessKeyId || !auth.signedHeaders || !auth.signature) {
    return authError(
      'IncompleteSignatureException',
      `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters. Authorization=${header}`,
    );
  }
  if (auth.terminator !== 'aws4_request') {
    return authError('InvalidSignatureException', "Credential should be scoped with a valid terminator: 'aws4_request'.");
  }
  if (auth.service !== service) {
    return authError('InvalidSignatureException', `Credential should be scoped to correct service: '${service}'.`);
  }
  if (region && auth.region !== region) {
    return authError('InvalidSignatureException', `Credential should be scoped to a valid region, not '${auth.region}'.`);
  }
  const secret = credentials.get(auth.accessKeyId);
  if (secret === undefined) {
    return authError('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
  const amzDate = req.headers['x-amz-date'];
  const when = parseAmzDate(amzDate);
  if (!when) {
    return authError('IncompleteSignatureException', 'Authorization header requires existence of either a \'X-Amz-Date\' or a \'Date\' header.');
  }
  if (amzDate.slice(0, 8) !== auth.date) {
    return authError('InvalidSignatureException', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${amzDate.slice(0, 8)}'.`);
  }
  if (maxSkewSeconds > 0 && Math.abs(now.getTime() - when.getTime()) > maxSkewSeconds * 1000) {
    return authError('InvalidSignatureException', `Signature expired: ${amzDate} is now earlier or later than the allowed ${maxSkewSeconds} s window around ${toAmzDate(now)}.`);
  }
  const signed = auth.signedHeaders.map((h) => h.toLowerCase());
  if (!signed.includes('host')) {
    return authError('InvalidSignatureException', "'Host' must be a 'SignedHeader' in the AWS Authorization.");
  }
  if (!signed.includes('x-amz-date')) {
    return authError('InvalidSignatureException', "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
  }
  const headerPairs = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) headerPairs.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const rawQuery = q < 0 ? '' : url.slice(q + 1);
  const declared = req.headers['x-amz-content-sha256'];
  const bodyHash = sha256Hex(body ?? Buffer.alloc(0));
  if (declared !== undefined && declared !== UNSIGNED_PAYLOAD && declared !== bodyHash) {
    return authError('InvalidSignatureException', 'The provided x-amz-content-sha256 header does not match what was computed.');
  }
  const payloadHash = declared ?? bodyHash;
  const canonical = buildCanonicalRequest({
    method: req.method,
    rawPath,
    rawQuery,
    headerPairs,
    signedHeaders: signed,
    payloadHash,
    service,
  });
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const toSign = stringToSign(amzDate, scope, canonical);
  const expected = createHmac('sha256', signingKey(secret, auth.date, auth.region, auth.service)).update(toSign, 'utf8').digest();
  let given;
  try {
    given = Buffer.from(auth.signature, 'hex');
  } catch {
    given = Buffer.alloc(0);
  }
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return authError(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.' +
        `\n\nThe Canonical String for this request should have been\n'${canonical}'\n\nThe String-to-Sign should have been\n'${toSign}'\n`,
      { canonicalRequest: canonical, stringToSign: toSign },
    );
  }
  return { ok: true, accessKeyId: auth.accessKeyId, region: auth.region };
}

// Minimal signed HTTP client on top of the global fetch (Node >= 18). Returns { status, headers, text }.
export async function awsFetch({
  method = 'GET',
  url,
  headers = {},
  body = '',
  service,
  region = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || 'us-east-1',
  accessKeyId = process.env.AWS_ACCESS_KEY_ID || 'test',
  secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY || 'test',
  sessionToken = process.env.AWS_SESSION_TOKEN,
  timeoutMs = 10000,
}) {
  const signed = signRequest({ method, url, headers, body, region, service, accessKeyId, secretAccessKey, sessionToken });
  delete signed.host; // fetch sets Host itself (same value as signed)
  const res = await fetch(url, {
    method,
    headers: signed,
    body: method === 'GET' || method === 'HEAD' ? undefined : body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = method === 'HEAD' ? '' : await res.text();
  return { status: res.status, headers: res.headers, text };
}
