#!/usr/bin/env node
// ECS stand-in: the ECS operations LambdaSuite calls (ListTasks, DescribeTasks, StopTask), spoken over the
// real AWS JSON 1.1 protocol (POST /, X-Amz-Target: AmazonEC2ContainerServiceV20141113.<Op>), with every
// request's SigV4 signature checked. State is in memory; tests steer it through /_standin/ (see README.md).
//
// Usage: node ecs-standin.mjs [--port N]        (listens on 127.0.0.1 only; port 0 = any free port)
// Env:   ECS_STANDIN_PORT (or PORT), ECS_STANDIN_CREDENTIALS=key:secret,...  (default test:test),
//        ECS_STANDIN_REGION (us-east-1), ECS_STANDIN_ACCOUNT (000000000000),
//        ECS_STANDIN_STOP_DELAY_MS (200), ECS_STANDIN_REPLACEMENT_DELAY_MS (0),
//        ECS_STANDIN_MAX_SKEW_SECONDS (900; 0 disables the clock-skew check), ECS_STANDIN_LOG_LIMIT (1000)
import http from 'node:http';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { parseArgs } from 'node:util';
import aws4 from 'aws4';

const env = process.env;
const number = (value, fallback) => (value === undefined || value === '' || !(Number(value) >= 0) ? fallback : Math.floor(Number(value)));
const { values: args } = parseArgs({ options: { port: { type: 'string' } } });
const PORT = number(args.port ?? env.ECS_STANDIN_PORT ?? env.PORT, 45662);
const REGION = env.ECS_STANDIN_REGION || 'us-east-1';
const ACCOUNT = env.ECS_STANDIN_ACCOUNT || '000000000000';
const CREDENTIALS = new Map([...(env.ECS_STANDIN_CREDENTIALS || 'test:test').matchAll(/([^,:]+):([^,]*)/g)].map((m) => [m[1].trim(), m[2].trim()]));
const MAX_SKEW_SECONDS = number(env.ECS_STANDIN_MAX_SKEW_SECONDS, 900);
const LOG_LIMIT = number(env.ECS_STANDIN_LOG_LIMIT, 1000);
const TARGET_PREFIX = 'AmazonEC2ContainerServiceV20141113.';
const config = { stopDelayMs: number(env.ECS_STANDIN_STOP_DELAY_MS, 200), replacementDelayMs: number(env.ECS_STANDIN_REPLACEMENT_DELAY_MS, 0) };

class EcsError extends Error {
  constructor(type, message, status = 400) {
    super(message);
    Object.assign(this, { type, status });
  }
}
const invalid = (message) => new EcsError('InvalidParameterException', message);

// --- state ------------------------------------------------------------------------------------
let clusters; // Map<name, { clusterName, clusterArn, services: Map, tasks: Map<id, task> }>
let calls; // { [operation]: count } of authenticated calls
let requests; // the last LOG_LIMIT calls: { seq, at, operation, target, body, status, errorType? }
let sequence;
let faults; // [{ operation, remaining, delayMs?, status?, type?, message? }]
let timers = new Set();

const now = () => Date.now() / 1000;
const arn = (resource) => `arn:aws:ecs:${REGION}:${ACCOUNT}:${resource}`;
const STOPPED_STATES = ['DEACTIVATING', 'STOPPING', 'DEPROVISIONING', 'STOPPED'];
const PENDING_STATES = ['PROVISIONING', 'PENDING', 'ACTIVATING'];

function schedule(fn, ms) {
  const timer = setTimeout(() => timers.delete(timer) && fn(), ms);
  timers.add(timer);
}

// Seed times are epoch seconds, epoch milliseconds or ISO strings.
function epochSeconds(value) {
  const seconds = typeof value === 'number' ? (value > 1e11 ? value / 1000 : value) : Date.parse(value) / 1000;
  if (Number.isNaN(seconds)) throw invalid(`Invalid timestamp: ${value}`);
  return seconds;
}

function oneOf(value, allowed, field) {
  if (!allowed.includes(value)) throw invalid(`Invalid ${field}: ${value}`);
  return value;
}

function addTask(cluster, service, { id = randomBytes(16).toString('hex'), lastStatus = 'RUNNING', healthStatus, startedAt } = {}) {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id) || cluster.tasks.has(id)) throw invalid(`Invalid or duplicate task id: ${id}`);
  const stopped = STOPPED_STATES.includes(oneOf(lastStatus, ['RUNNING', ...PENDING_STATES, ...STOPPED_STATES], 'lastStatus'));
  const started = startedAt === undefined ? now() : epochSeconds(startedAt);
  const task = {
    _service: service.serviceName,
    taskArn: arn(`task/${cluster.clusterName}/${id}`),
    clusterArn: cluster.clusterArn,
    taskDefinitionArn: service.taskDefinition,
    group: `service:${service.serviceName}`,
    lastStatus,
    desiredStatus: stopped ? 'STOPPED' : 'RUNNING',
    healthStatus: oneOf(healthStatus ?? (lastStatus === 'RUNNING' ? 'HEALTHY' : 'UNKNOWN'), ['HEALTHY', 'UNHEALTHY', 'UNKNOWN'], 'healthStatus'),
    launchType: 'FARGATE',
    createdAt: started - 20.123,
    startedAt: PENDING_STATES.includes(lastStatus) ? undefined : started,
    version: 1,
  };
  if (stopped) Object.assign(task, { stoppingAt: started + 60.5, stopCode: 'UserInitiated', stoppedReason: 'Task stopped by user' });
  if (lastStatus === 'STOPPED') task.stoppedAt = task.stoppingAt + 30.25;
  cluster.tasks.set(id, task);
  return task;
}

function demoSeed() {
  const tasks = ['HEALTHY', 'UNHEALTHY', 'HEALTHY'].map((healthStatus, i) => ({ healthStatus, startedAt: now() - (3 - i) * 3600 - 0.5 }));
  return { clusters: [{ name: 'demo-cluster', services: [{ name: 'demo-api', desiredCount: 3, deploymentController: 'CODE_DEPLOY', tasks }] }] };
}

// Builds the whole new state first, so a bad seed leaves the old one untouched.
function reset(seed = demoSeed()) {
  const next = new Map();
  for (const { name, services = [] } of seed?.clusters ?? []) {
    if (!name || next.has(name)) throw invalid(`Missing or duplicate cluster name: ${name}`);
    const cluster = { clusterName: name, clusterArn: arn(`cluster/${name}`), status: 'ACTIVE', services: new Map(), tasks: new Map() };
    next.set(name, cluster);
    for (const { name: serviceName, desiredCount = 1, deploymentController = 'ECS', tasks } of services) {
      if (!serviceName || cluster.services.has(serviceName)) throw invalid(`Missing or duplicate service name: ${serviceName}`);
      const service = {
        serviceName,
        serviceArn: arn(`service/${name}/${serviceName}`),
        clusterArn: cluster.clusterArn,
        status: 'ACTIVE',
        desiredCount: number(desiredCount, 1),
        taskDefinition: arn(`task-definition/${serviceName}:1`),
        deploymentController: { type: oneOf(deploymentController, ['ECS', 'CODE_DEPLOY', 'EXTERNAL'], 'deploymentController') },
      };
      cluster.services.set(serviceName, service);
      // Without tasks: desiredCount HEALTHY RUNNING ones, started ten minutes apart.
      for (const t of tasks ?? Array.from({ length: service.desiredCount }, (_, i) => ({ startedAt: now() - (service.desiredCount - i) * 600 - 0.5 }))) {
        addTask(cluster, service, t);
      }
    }
  }
  timers.forEach(clearTimeout);
  timers = new Set();
  [clusters, calls, requests, sequence, faults] = [next, {}, [], 0, []];
}

// --- operations -------------------------------------------------------------------------------
function field(body, name, { required = false, array = false, max } = {}) {
  const value = body[name] ?? undefined;
  if (value === undefined) {
    if (required) throw invalid(`${name} is required.`);
    return undefined;
  }
  const ok = array ? Array.isArray(value) && value.every((v) => typeof v === 'string') : typeof value === 'string';
  if (!ok) throw new EcsError('SerializationException', `Expected ${array ? 'a list of strings' : 'a string'} for ${name}.`);
  if (required && value.length === 0) throw invalid(`${name} can not be empty.`);
  if (max !== undefined && value.length > max) throw invalid(`${name} is longer than ${max}.`);
  return value;
}

// A name or an ARN of this Region and account; an ARN elsewhere refers to nothing here.
function nameFromRef(ref, kind, cluster) {
  if (!ref.startsWith('arn:')) {
    if (kind === 'task' && !/^[A-Za-z0-9_-]{1,64}$/.test(ref)) throw invalid(`Invalid id: ${ref}`);
    return ref;
  }
  const m = new RegExp(`^arn:aws[a-z-]*:ecs:([^:]*):([^:]*):${kind}/(?:([^/]+)/)?([^/]+)$`).exec(ref);
  if (!m) throw invalid(`Invalid ${kind} identifier: ${ref}`);
  const elsewhere = m[1] !== REGION || m[2] !== ACCOUNT || (kind === 'cluster' ? m[3] : m[3] && m[3] !== cluster.clusterName);
  return elsewhere ? undefined : m[4];
}

function findCluster(body) {
  const cluster = clusters.get(nameFromRef(field(body, 'cluster') ?? 'default', 'cluster'));
  if (!cluster) throw new EcsError('ClusterNotFoundException', 'Cluster not found.');
  return cluster;
}

const findTask = (cluster, ref) => cluster.tasks.get(nameFromRef(ref, 'task', cluster));

const view = (task) => Object.fromEntries(Object.entries(task).filter(([k, v]) => !k.startsWith('_') && v !== undefined));

const operations = {
  ListTasks(body) {
    const cluster = findCluster(body);
    const serviceRef = field(body, 'serviceName');
    const service = serviceRef === undefined ? undefined : cluster.services.get(nameFromRef(serviceRef, 'service', cluster));
    if (serviceRef !== undefined && !service) throw new EcsError('ServiceNotFoundException', 'Service not found.');
    const desired = oneOf(field(body, 'desiredStatus') ?? 'RUNNING', ['RUNNING', 'PENDING', 'STOPPED'], 'desiredStatus');
    const arns = [...cluster.tasks.values()]
      .filter((t) => !service || t._service === service.serviceName)
      .filter((t) => (desired === 'PENDING' ? PENDING_STATES.includes(t.lastStatus) && t.desiredStatus === 'RUNNING' : t.desiredStatus === desired))
      .map((t) => t.taskArn);
    // nextToken: the offset, bound to the listing it belongs to.
    const listing = `${cluster.clusterName}|${service?.serviceName ?? ''}|${desired}`;
    const limit = body.maxResults ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalid('maxResults must be between 1 and 100.');
    let offset = 0;
    if (body.nextToken != null) {
      const [boundTo, at] = Buffer.from(String(body.nextToken), 'base64').toString().split('#');
      offset = Number(at);
      if (boundTo !== listing || !Number.isInteger(offset) || offset < 0) throw invalid('Invalid nextToken.');
    }
    const taskArns = arns.slice(offset, offset + limit);
    return offset + limit < arns.length ? { taskArns, nextToken: Buffer.from(`${listing}#${offset + limit}`).toString('base64') } : { taskArns };
  },

  DescribeTasks(body) {
    const cluster = findCluster(body);
    const [tasks, failures] = [[], []];
    for (const ref of field(body, 'tasks', { required: true, array: true, max: 100 })) {
      const task = findTask(cluster, ref);
      if (task) tasks.push(view(task));
      else failures.push({ arn: ref.startsWith('arn:') ? ref : arn(`task/${cluster.clusterName}/${ref}`), reason: 'MISSING' });
    }
    return { tasks, failures };
  },

  // STOPPING now, STOPPED after stopDelayMs; then the service starts a replacement.
  StopTask(body) {
    const cluster = findCluster(body);
    const task = findTask(cluster, field(body, 'task', { required: true }));
    const reason = field(body, 'reason', { max: 255 }) ?? 'Task stopped by user';
    if (!task) throw invalid('The referenced task was not found.');
    if (task.desiredStatus !== 'STOPPED') {
      Object.assign(task, { desiredStatus: 'STOPPED', lastStatus: 'STOPPING', stoppingAt: now(), stopCode: 'UserInitiated', stoppedReason: reason, version: task.version + 1 });
      schedule(() => finishStop(cluster, task), config.stopDelayMs);
    }
    return { task: view(task) };
  },
};

function finishStop(cluster, task) {
  Object.assign(task, { lastStatus: 'STOPPED', stoppedAt: now(), healthStatus: 'UNKNOWN', version: task.version + 1 });
  schedule(() => {
    const service = cluster.services.get(task._service);
    const wanted = [...cluster.tasks.values()].filter((t) => t._service === service.serviceName && t.desiredStatus === 'RUNNING').length;
    for (let i = wanted; i < service.desiredCount; i++) addTask(cluster, service);
  }, config.replacementDelayMs);
}

// --- authentication: the request signed again with the caller's secret must give its signature ---
function authenticate(req, body) {
  const fail = (type, message) => new EcsError(type, message, 403);
  const header = req.headers.authorization;
  if (!header) throw fail('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const m = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/([^/,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)$/.exec(header.trim());
  if (!m) throw fail('IncompleteSignatureException', `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters. Authorization=${header}`);
  const [, key, date, region, service, terminator, signedHeaders, signature] = m;
  if (terminator !== 'aws4_request' || service !== 'ecs' || region !== REGION) {
    throw fail('InvalidSignatureException', `Credential should be scoped to ${REGION}/ecs/aws4_request, not ${region}/${service}/${terminator}.`);
  }
  const secret = CREDENTIALS.get(key);
  if (secret === undefined) throw fail('UnrecognizedClientException', 'The security token included in the request is invalid.');
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  const d = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(amzDate);
  if (!d) throw fail('IncompleteSignatureException', "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  const signedAt = Date.UTC(d[1], d[2] - 1, d[3], d[4], d[5], d[6]);
  if (amzDate.slice(0, 8) !== date) throw fail('InvalidSignatureException', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${date}' != '${amzDate.slice(0, 8)}'.`);
  if (MAX_SKEW_SECONDS > 0 && Math.abs(Date.now() - signedAt) > MAX_SKEW_SECONDS * 1000) throw fail('InvalidSignatureException', `Signature expired: ${amzDate} is outside the allowed ${MAX_SKEW_SECONDS} s window.`);
  const names = signedHeaders.split(';');
  if (!names.includes('host') || !names.includes('x-amz-date')) throw fail('InvalidSignatureException', "'Host' and 'X-Amz-Date' must be SignedHeaders in the AWS Authorization.");
  const declared = req.headers['x-amz-content-sha256'];
  if (declared && declared !== 'UNSIGNED-PAYLOAD' && declared !== createHash('sha256').update(body).digest('hex')) {
    throw fail('InvalidSignatureException', 'The provided x-amz-content-sha256 header does not match what was computed.');
  }
  const headers = Object.fromEntries(names.map((name) => [name, (req.headersDistinct[name] ?? ['']).join(',')]));
  const signer = new aws4.RequestSigner(
    { service, region, method: req.method, path: req.url, headers, body, doNotModifyHeaders: true, extraHeadersToInclude: Object.fromEntries(names.map((n) => [n, true])) },
    { accessKeyId: key, secretAccessKey: secret },
  );
  signer.datetime = amzDate;
  const [expected, given] = [Buffer.from(signer.signature(), 'hex'), Buffer.from(signature, 'hex')];
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw fail(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.' +
        `\n\nThe Canonical String for this request should have been\n'${signer.canonicalString()}'\n\nThe String-to-Sign should have been\n'${signer.stringToSign()}'\n`,
    );
  }
}

// --- faults -----------------------------------------------------------------------------------
function addFault(spec) {
  if (spec === null || typeof spec !== 'object') throw invalid('fault must be an object');
  const fault = { operation: spec.operation ?? '*', remaining: spec.count === undefined ? 1 : Number(spec.count) };
  if (fault.operation !== '*' && !operations[fault.operation]) throw invalid(`Unknown operation: ${fault.operation}`);
  if (!Number.isInteger(fault.remaining) || fault.remaining < -1 || fault.remaining === 0) throw invalid('count must be a positive integer, or -1 for unlimited');
  if (spec.delayMs !== undefined) {
    fault.delayMs = Number(spec.delayMs);
    if (!(fault.delayMs >= 0 && fault.delayMs <= 600000)) throw invalid('delayMs must be between 0 and 600000');
  }
  if (spec.status !== undefined || spec.type !== undefined) {
    fault.status = spec.status === undefined ? (spec.type === 'ServerException' ? 500 : 400) : Number(spec.status);
    if (!Number.isInteger(fault.status) || fault.status < 400 || fault.status > 599) throw invalid('status must be 4xx or 5xx');
    fault.type = spec.type ?? (fault.status === 503 ? 'ServiceUnavailableException' : fault.status >= 500 ? 'ServerException' : 'ClientException');
    fault.message = spec.message ?? `Injected fault (${fault.type})`;
  }
  if (fault.delayMs === undefined && fault.status === undefined) throw invalid('fault needs status/type and/or delayMs');
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

// --- http -------------------------------------------------------------------------------------
// Times are epoch seconds with millisecond precision, as ECS sends them.
const timestamps = (key, value) => (typeof value === 'number' && key.endsWith('At') ? Math.round(value * 1000) / 1000 : value);

function send(res, status, payload, contentType = 'application/x-amz-json-1.1') {
  const body = Buffer.from(JSON.stringify(payload, timestamps));
  const headers = { 'Content-Type': contentType, 'Content-Length': body.length, 'x-amzn-RequestId': randomUUID() };
  res.writeHead(status, payload?.__type ? { ...headers, 'x-amzn-ErrorType': payload.__type } : headers).end(body);
}

function parse(body, fallback) {
  const text = body.toString('utf8');
  if (text.trim() === '') return fallback;
  try {
    return JSON.parse(text);
  } catch {
    throw new EcsError('SerializationException', 'Request body is not valid JSON.');
  }
}

async function handleEcs(req, res, body) {
  const target = req.headers['x-amz-target'] ?? '';
  const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : null;
  const entry = { seq: ++sequence, at: new Date().toISOString(), operation, target, body: body.toString('utf8') };
  try {
    let parseError;
    try {
      entry.body = parse(body, {});
    } catch (e) {
      parseError = e;
    }
    authenticate(req, body); // as in AWS: authentication, then the operation, then the body
    if (!Object.hasOwn(operations, operation ?? '')) throw new EcsError('UnknownOperationException', `Unknown operation ${target || '(no X-Amz-Target)'}`);
    if (parseError) throw parseError;
    if (entry.body === null || typeof entry.body !== 'object' || Array.isArray(entry.body)) throw new EcsError('SerializationException', 'Request body must be a JSON object.');
    calls[operation] = (calls[operation] ?? 0) + 1;
    const { delayMs, error } = takeFaults(operation);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (error) throw error;
    const result = operations[operation](entry.body);
    entry.status = 200;
    send(res, 200, result);
  } catch (err) {
    const e = err instanceof EcsError ? err : new EcsError('ServerException', `Internal error: ${err?.message ?? err}`, 500);
    Object.assign(entry, { status: e.status, errorType: e.type });
    send(res, e.status, { __type: e.type, message: e.message });
  } finally {
    requests.push(entry);
    requests.splice(0, requests.length - LOG_LIMIT);
  }
}

function snapshot() {
  const tasksOf = (cluster, service) => [...cluster.tasks.values()].filter((t) => !service || t._service === service.serviceName);
  const count = (tasks, states) => tasks.filter((t) => states.includes(t.lastStatus)).length;
  return {
    region: REGION,
    account: ACCOUNT,
    config,
    clusters: [...clusters.values()].map((cluster) => ({
      ...view(cluster),
      services: [...cluster.services.values()].map((service) => {
        const tasks = tasksOf(cluster, service);
        return { ...service, runningCount: count(tasks, ['RUNNING']), pendingCount: count(tasks, PENDING_STATES), tasks: tasks.map(view) };
      }),
      tasks: tasksOf(cluster).map(view),
    })),
    calls,
    requests,
    faults,
  };
}

// Control endpoints for tests (no authentication). A change applies whole or not at all.
// The timings of StopTask are set at start (ECS_STANDIN_*_DELAY_MS) and shown in the state.
const control = {
  'GET health': () => ({ status: 'ok' }),
  'GET state': snapshot,
  'POST reset': (body) => {
    reset(parse(body, undefined)); // no body: the demo seed
    return snapshot();
  },
  'GET faults': () => ({ faults }),
  'POST faults': (body) => {
    faults.push(...[parse(body, {})].flat().map(addFault));
    return { faults };
  },
  'DELETE faults': () => {
    faults = [];
    return { faults };
  },
};

function handleControl(req, res, body, path) {
  const endpoint = control[`${req.method} ${path.slice('/_standin/'.length)}`];
  if (!endpoint) return send(res, 404, { __type: 'NotFound', message: `No control endpoint ${req.method} ${path}` }, 'application/json');
  try {
    send(res, 200, endpoint(body), 'application/json');
  } catch (err) {
    const e = err instanceof EcsError ? err : new EcsError('ServerException', String(err?.message ?? err), 500);
    send(res, e.status, { __type: e.type, message: e.message }, 'application/json');
  }
}

reset();

const server = http.createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = Buffer.concat(chunks);
  const path = (req.url ?? '/').split('?')[0];
  if (path.startsWith('/_standin/')) return handleControl(req, res, body, path);
  if (req.method === 'POST' && path === '/') return handleEcs(req, res, body);
  send(res, 400, { __type: 'UnknownOperationException', message: `Unsupported request ${req.method} ${path}` });
});

server.keepAliveTimeout = 5000;
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    process.stderr.write(`ecs-standin: ${signal}, shutting down\n`);
    timers.forEach(clearTimeout);
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
server.on('error', (err) => {
  console.error(`ecs-standin: cannot listen on 127.0.0.1:${PORT}: ${err.code ?? ''} ${err.message}`);
  process.exit(1);
});
server.listen(PORT, '127.0.0.1', () => console.log(`ecs-standin listening on http://127.0.0.1:${server.address().port}`));
