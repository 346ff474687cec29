#!/usr/bin/env node
// LambdaSuite ECS stand-in: a dependency-free emulation of the parts of Amazon ECS that LambdaSuite uses,
// speaking the real AWS JSON 1.1 protocol (POST /, X-Amz-Target: AmazonEC2ContainerServiceV20141113.<Op>)
// with SigV4 verification. State is in memory. Test-harness control endpoints live under /_standin/.
//
// Usage: node ecs-standin.mjs [--port N]        (listens on 127.0.0.1 only; port 0 = any free port)
// Env:   ECS_STANDIN_PORT (or PORT), ECS_STANDIN_CREDENTIALS=key:secret,...  (default test:test),
//        ECS_STANDIN_REGION (us-east-1), ECS_STANDIN_ACCOUNT (000000000000),
//        ECS_STANDIN_STOP_DELAY_MS (200), ECS_STANDIN_REPLACEMENT_DELAY_MS (0),
//        ECS_STANDIN_MAX_SKEW_SECONDS (900; 0 disables the clock-skew check), ECS_STANDIN_LOG_LIMIT (1000)
import http from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { parseCredentialMap, verifyRequest } from './sigv4.mjs';

const TARGET_PREFIX = 'AmazonEC2ContainerServiceV20141113.';
const MAX_BODY_BYTES = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// configuration
// ---------------------------------------------------------------------------------------------
function argValue(name) {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${name}`) return args[i + 1];
    if (args[i].startsWith(`--${name}=`)) return args[i].slice(name.length + 3);
  }
  return undefined;
}

function intSetting(value, fallback) {
  if (value === undefined || value === null || value === '') return fallback;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : fallback;
}

const HOST = '127.0.0.1';
const PORT = intSetting(argValue('port') ?? process.env.ECS_STANDIN_PORT ?? process.env.PORT, 45662);
const REGION = process.env.ECS_STANDIN_REGION || 'us-east-1';
const ACCOUNT = process.env.ECS_STANDIN_ACCOUNT || '000000000000';
const CREDENTIALS = parseCredentialMap(process.env.ECS_STANDIN_CREDENTIALS || 'test:test');
const MAX_SKEW_SECONDS = intSetting(process.env.ECS_STANDIN_MAX_SKEW_SECONDS, 900);
const LOG_LIMIT = intSetting(process.env.ECS_STANDIN_LOG_LIMIT, 1000);

const config = {
  stopDelayMs: intSetting(process.env.ECS_STANDIN_STOP_DELAY_MS, 200),
  replacementDelayMs: intSetting(process.env.ECS_STANDIN_REPLACEMENT_DELAY_MS, 0),
};

// ---------------------------------------------------------------------------------------------
// errors
// ---------------------------------------------------------------------------------------------
class EcsError extends Error {
  constructor(type, message, status = 400) {
    super(message);
    this.type = type;
    this.status = status;
  }
}
const clientError = (type, message) => new EcsError(type, message, 400);
const invalidParameter = (message) => clientError('InvalidParameterException', message);

// ---------------------------------------------------------------------------------------------
// state
// ---------------------------------------------------------------------------------------------
let state; // { clusters: Map<name, Cluster> }
let calls; // { [operation]: number }
let requestLog; // [{ seq, at, operation, body, status, errorType? }]
let requestSeq;
let faults; // [{ operation, status?, type?, message?, delayMs?, remaining }]
let timers = new Set();

const nowSeconds = () => Date.now() / 1000;
const arn = (resource) => `arn:aws:ecs:${REGION}:${ACCOUNT}:${resource}`;
const newTaskId = () => randomBytes(16).toString('hex');

function schedule(fn, ms) {
  const t = setTimeout(() => {
    timers.delete(t);
    fn();
  }, ms);
  timers.add(t);
}

function clearTimers() {
  for (const t of timers) clearTimeout(t);
  timers = new Set();
}

function toEpochSeconds(value, fallback) {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'number') return value > 1e11 ? value / 1000 : value; // accept ms or s
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) throw invalidParameter(`Invalid timestamp: ${value}`);
  return parsed / 1000;
}

function makeCluster(name) {
  return {
    clusterName: name,
    clusterArn: arn(`cluster/${name}`),
    status: 'ACTIVE',
    createdAt: nowSeconds(),
    services: new Map(),
    tasks: new Map(), // id -> task (all tasks of the cluster, service-owned or not)
  };
}

function normaliseController(value) {
  const type = typeof value === 'string' ? value : value?.type;
  const t = (type ?? 'ECS').toUpperCase();
  if (!['ECS', 'CODE_DEPLOY', 'EXTERNAL'].includes(t)) throw invalidParameter(`Invalid deploymentController type: ${type}`);
  return { type: t };
}

function makeService(cluster, spec) {
  const name = spec.name ?? spec.serviceName;
  if (!name) throw invalidParameter('service name is required');
  const family = spec.taskDefinitionFamily ?? name;
  const createdAt = toEpochSeconds(spec.createdAt, nowSeconds() - 86400);
  return {
    serviceName: name,
    serviceArn: arn(`service/${cluster.clusterName}/${name}`),
    clusterArn: cluster.clusterArn,
    status: 'ACTIVE',
    desiredCount: intSetting(spec.desiredCount, 1),
    launchType: 'FARGATE',
    platformVersion: 'LATEST',
    platformFamily: 'Linux',
    taskDefinition: spec.taskDefinition ?? arn(`task-definition/${family}:1`),
    deploymentController: normaliseController(spec.deploymentController),
    schedulingStrategy: 'REPLICA',
    createdAt,
    startedBy: `ecs-svc/${String(BigInt('0x' + randomBytes(8).toString('hex')) % 10n ** 19n).padStart(19, '0')}`,
    containerName: spec.containerName ?? name,
    image: spec.image ?? `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${name}:latest`,
    taskSetId: `ecs-svc/${String(BigInt('0x' + randomBytes(8).toString('hex')) % 10n ** 19n).padStart(19, '0')}`,
    deploymentId: `ecs-svc/${String(BigInt('0x' + randomBytes(8).toString('hex')) % 10n ** 19n).padStart(19, '0')}`,
    events: [],
  };
}

function makeTask(cluster, service, spec = {}) {
  const id = spec.id ?? spec.taskId ?? newTaskId();
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw invalidParameter(`Invalid task id: ${id}`);
  const lastStatus = (spec.lastStatus ?? 'RUNNING').toUpperCase();
  const allowed = ['PROVISIONING', 'PENDING', 'ACTIVATING', 'RUNNING', 'DEACTIVATING', 'STOPPING', 'DEPROVISIONING', 'STOPPED'];
  if (!allowed.includes(lastStatus)) throw invalidParameter(`Invalid lastStatus: ${spec.lastStatus}`);
  const healthStatus = (spec.healthStatus ?? (lastStatus === 'RUNNING' ? 'HEALTHY' : 'UNKNOWN')).toUpperCase();
  if (!['HEALTHY', 'UNHEALTHY', 'UNKNOWN'].includes(healthStatus)) throw invalidParameter(`Invalid healthStatus: ${spec.healthStatus}`);
  const startedAt = toEpochSeconds(spec.startedAt, nowSeconds());
  const createdAt = toEpochSeconds(spec.createdAt, startedAt - 20.123);
  const taskArn = arn(`task/${cluster.clusterName}/${id}`);
  const stopped = ['DEACTIVATING', 'STOPPING', 'DEPROVISIONING', 'STOPPED'].includes(lastStatus);
  const task = {
    _serviceName: service?.serviceName,
    taskArn,
    clusterArn: cluster.clusterArn,
    taskDefinitionArn: service?.taskDefinition ?? spec.taskDefinitionArn ?? arn('task-definition/standalone:1'),
    group: service ? `service:${service.serviceName}` : spec.group ?? 'family:standalone',
    startedBy: service?.startedBy,
    lastStatus,
    desiredStatus: (spec.desiredStatus ?? (stopped ? 'STOPPED' : 'RUNNING')).toUpperCase(),
    healthStatus,
    launchType: 'FARGATE',
    platformVersion: '1.4.0',
    platformFamily: 'Linux',
    availabilityZone: `${REGION}a`,
    connectivity: 'CONNECTED',
    connectivityAt: createdAt + 2.5,
    cpu: '256',
    memory: '512',
    createdAt,
    pullStartedAt: createdAt + 5.25,
    pullStoppedAt: createdAt + 15.5,
    startedAt: lastStatus === 'PROVISIONING' || lastStatus === 'PENDING' ? undefined : startedAt,
    version: 1,
    enableExecuteCommand: false,
    ephemeralStorage: { sizeInGiB: 20 },
    attachments: [],
    attributes: [{ name: 'ecs.cpu-architecture', value: 'x86_64' }],
    overrides: { containerOverrides: [{ name: service?.containerName ?? 'app' }], inferenceAcceleratorOverrides: [] },
    tags: [],
    containers: [
      {
        containerArn: arn(`container/${cluster.clusterName}/${id}/${randomUUID()}`),
        taskArn,
        name: service?.containerName ?? 'app',
        image: service?.image ?? 'public.ecr.aws/docker/library/busybox:latest',
        lastStatus: lastStatus === 'STOPPED' ? 'STOPPED' : lastStatus === 'RUNNING' ? 'RUNNING' : 'PENDING',
        networkBindings: [],
        networkInterfaces: [],
        healthStatus,
        cpu: '0',
      },
    ],
  };
  if (stopped) {
    task.stoppingAt = toEpochSeconds(spec.stoppingAt, startedAt + 60.5);
    task.stopCode = spec.stopCode ?? 'UserInitiated';
    task.stoppedReason = spec.stoppedReason ?? 'Task stopped by user';
    if (lastStatus === 'STOPPED') {
      task.stoppedAt = toEpochSeconds(spec.stoppedAt, task.stoppingAt + 30.25);
      task.executionStoppedAt = task.stoppedAt - 1.5;
      task.containers[0].exitCode = 143;
    }
  }
  if (cluster.tasks.has(id)) throw invalidParameter(`Duplicate task id: ${id}`);
  cluster.tasks.set(id, task);
  return task;
}

function demoSeed() {
  const now = nowSeconds();
  return {
    clusters: [
      {
        name: 'demo-cluster',
        services: [
          {
            name: 'demo-api',
            desiredCount: 3,
            deploymentController: 'CODE_DEPLOY',
            tasks: [
              { healthStatus: 'HEALTHY', startedAt: now - 3 * 3600 - 0.731, lastStatus: 'RUNNING' },
              { healthStatus: 'UNHEALTHY', startedAt: now - 2 * 3600 - 0.417, lastStatus: 'RUNNING' },
              { healthStatus: 'HEALTHY', startedAt: now - 1 * 3600 - 0.259, lastStatus: 'RUNNING' },
            ],
          },
        ],
      },
    ],
  };
}

function applySeed(seed) {
  if (seed === null || typeof seed !== 'object' || Array.isArray(seed)) throw invalidParameter('seed must be a JSON object');
  const clusters = new Map();
  // Build into a fresh map so a bad seed leaves the old state untouched.
  for (const c of seed.clusters ?? []) {
    const name = c.name ?? c.clusterName;
    if (!name) throw invalidParameter('cluster name is required');
    if (clusters.has(name)) throw invalidParameter(`Duplicate cluster: ${name}`);
    const cluster = makeCluster(name);
    clusters.set(name, cluster);
    for (const s of c.services ?? []) {
      const service = makeService(cluster, s);
      if (cluster.services.has(service.serviceName)) throw invalidParameter(`Duplicate service: ${service.serviceName}`);
      cluster.services.set(service.serviceName, service);
      if (Array.isArray(s.tasks)) {
        for (const t of s.tasks) makeTask(cluster, service, t);
      } else {
        const now = nowSeconds();
        for (let i = 0; i < service.desiredCount; i++) makeTask(cluster, service, { startedAt: now - (service.desiredCount - i) * 600 - 0.5 });
      }
    }
  }
  return clusters;
}

function resetState(seed) {
  const clusters = applySeed(seed ?? demoSeed());
  clearTimers();
  state = { clusters };
  calls = {};
  requestLog = [];
  requestSeq = 0;
  faults = [];
}

// ---------------------------------------------------------------------------------------------
// views
// ---------------------------------------------------------------------------------------------
function publicTask(task) {
  const out = {};
  for (const [k, v] of Object.entries(task)) if (!k.startsWith('_') && v !== undefined) out[k] = structuredClone(v);
  return out;
}

function serviceTasks(cluster, service) {
  return [...cluster.tasks.values()].filter((t) => t._serviceName === service.serviceName);
}

function serviceCounts(cluster, service) {
  const tasks = serviceTasks(cluster, service);
  return {
    runningCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
    pendingCount: tasks.filter((t) => ['PROVISIONING', 'PENDING', 'ACTIVATING'].includes(t.lastStatus)).length,
  };
}

function publicService(cluster, service) {
  const { runningCount, pendingCount } = serviceCounts(cluster, service);
  const out = {
    serviceArn: service.serviceArn,
    serviceName: service.serviceName,
    clusterArn: service.clusterArn,
    loadBalancers: [],
    serviceRegistries: [],
    status: service.status,
    desiredCount: service.desiredCount,
    runningCount,
    pendingCount,
    launchType: service.launchType,
    platformVersion: service.platformVersion,
    platformFamily: service.platformFamily,
    taskDefinition: service.taskDefinition,
    deploymentConfiguration: {
      deploymentCircuitBreaker: { enable: false, rollback: false },
      maximumPercent: 200,
      minimumHealthyPercent: 100,
    },
    deployments: [],
    events: structuredClone(service.events),
    createdAt: service.createdAt,
    placementConstraints: [],
    placementStrategy: [],
    schedulingStrategy: service.schedulingStrategy,
    deploymentController: { ...service.deploymentController },
    createdBy: `arn:aws:iam::${ACCOUNT}:role/lambdasuite-deployer`,
    enableECSManagedTags: false,
    propagateTags: 'NONE',
    enableExecuteCommand: false,
  };
  if (service.deploymentController.type === 'ECS') {
    out.deployments.push({
      id: service.deploymentId,
      status: 'PRIMARY',
      taskDefinition: service.taskDefinition,
      desiredCount: service.desiredCount,
      pendingCount,
      runningCount,
      failedTasks: 0,
      createdAt: service.createdAt,
      updatedAt: service.createdAt,
      launchType: service.launchType,
      platformVersion: '1.4.0',
      platformFamily: service.platformFamily,
      rolloutState: 'COMPLETED',
      rolloutStateReason: `ECS deployment ${service.deploymentId} completed.`,
    });
  } else if (service.deploymentController.type === 'CODE_DEPLOY') {
    out.taskSets = [
      {
        id: service.taskSetId,
        taskSetArn: arn(`task-set/${clusterNameOf(service)}/${service.serviceName}/${service.taskSetId}`),
        serviceArn: service.serviceArn,
        clusterArn: service.clusterArn,
        status: 'PRIMARY',
        taskDefinition: service.taskDefinition,
        computedDesiredCount: service.desiredCount,
        pendingCount,
        runningCount,
        createdAt: service.createdAt,
        updatedAt: service.createdAt,
        launchType: service.launchType,
        platformVersion: '1.4.0',
        platformFamily: service.platformFamily,
        scale: { value: 100, unit: 'PERCENT' },
        stabilityStatus: runningCount === service.desiredCount ? 'STEADY_STATE' : 'STABILIZING',
        stabilityStatusAt: service.createdAt,
      },
    ];
  }
  return out;
}

function clusterNameOf(service) {
  return service.clusterArn.slice(service.clusterArn.lastIndexOf('/') + 1);
}

function publicCluster(cluster) {
  const tasks = [...cluster.tasks.values()];
  return {
    clusterArn: cluster.clusterArn,
    clusterName: cluster.clusterName,
    status: cluster.status,
    registeredContainerInstancesCount: 0,
    runningTasksCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
    pendingTasksCount: tasks.filter((t) => ['PROVISIONING', 'PENDING', 'ACTIVATING'].includes(t.lastStatus)).length,
    activeServicesCount: cluster.services.size,
    statistics: [],
    tags: [],
    settings: [{ name: 'containerInsights', value: 'disabled' }],
    capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
    defaultCapacityProviderStrategy: [],
  };
}

// ---------------------------------------------------------------------------------------------
// lookups and validation
// ---------------------------------------------------------------------------------------------
function requireString(body, name, { required = false, max } = {}) {
  const v = body[name];
  if (v === undefined || v === null) {
    if (required) throw invalidParameter(`${name} is required.`);
    return undefined;
  }
  if (typeof v !== 'string') throw clientError('SerializationException', `Expected a string for ${name}.`);
  if (required && v.length === 0) throw invalidParameter(`${name} can not be blank.`);
  if (max !== undefined && v.length > max) throw invalidParameter(`${name} must be at most ${max} characters long.`);
  return v;
}

function requireStringArray(body, name, { required = false, max } = {}) {
  const v = body[name];
  if (v === undefined || v === null) {
    if (required) throw invalidParameter(`${name} is required.`);
    return undefined;
  }
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw clientError('SerializationException', `Expected a list of strings for ${name}.`);
  if (required && v.length === 0) throw invalidParameter(`${name} can not be empty.`);
  if (max !== undefined && v.length > max) throw invalidParameter(`${name} can have at most ${max} items.`);
  return v;
}

// Accepts a cluster name or ARN (default cluster: "default", as ECS does).
function findCluster(ref) {
  const name = clusterNameFromRef(ref ?? 'default');
  const cluster = name === undefined ? undefined : state.clusters.get(name);
  if (!cluster) throw clientError('ClusterNotFoundException', 'Cluster not found.');
  return cluster;
}

function clusterNameFromRef(ref) {
  if (!ref.startsWith('arn:')) return ref;
  const m = /^arn:aws[a-z-]*:ecs:([^:]*):([^:]*):cluster\/(.+)$/.exec(ref);
  if (!m) throw invalidParameter(`Invalid cluster identifier: ${ref}`);
  if (m[1] !== REGION || m[2] !== ACCOUNT) return undefined;
  return m[3];
}

function serviceNameFromRef(cluster, ref) {
  if (!ref.startsWith('arn:')) return ref;
  const m = /^arn:aws[a-z-]*:ecs:([^:]*):([^:]*):service\/(?:([^/]+)\/)?([^/]+)$/.exec(ref);
  if (!m) throw invalidParameter(`Invalid service identifier: ${ref}`);
  if (m[1] !== REGION || m[2] !== ACCOUNT || (m[3] && m[3] !== cluster.clusterName)) return undefined;
  return m[4];
}

// Returns the task id referenced by an id or ARN; undefined when the ARN is of another cluster/region.
function taskIdFromRef(cluster, ref) {
  if (!ref.startsWith('arn:')) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(ref)) throw invalidParameter(`Invalid id: ${ref}`);
    return ref;
  }
  const m = /^arn:aws[a-z-]*:ecs:([^:]*):([^:]*):task\/(?:([^/]+)\/)?([^/]+)$/.exec(ref);
  if (!m) throw invalidParameter(`Invalid id: ${ref}`);
  if (m[1] !== REGION || m[2] !== ACCOUNT || (m[3] && m[3] !== cluster.clusterName)) return undefined;
  return m[4];
}

function parseMaxResults(body, max) {
  if (body.maxResults === undefined || body.maxResults === null) return max;
  const n = body.maxResults;
  if (!Number.isInteger(n) || n < 1 || n > max) throw invalidParameter(`maxResults must be between 1 and ${max}.`);
  return n;
}

// nextToken: opaque, binds offset to the operation and its filters.
function encodeToken(operation, filterKey, offset) {
  return Buffer.from(JSON.stringify({ o: operation, f: filterKey, i: offset })).toString('base64');
}

function decodeToken(operation, filterKey, token) {
  if (token === undefined || token === null) return 0;
  try {
    const t = JSON.parse(Buffer.from(String(token), 'base64').toString('utf8'));
    if (t.o === operation && t.f === filterKey && Number.isInteger(t.i) && t.i >= 0) return t.i;
  } catch {
    // fall through
  }
  throw invalidParameter('Invalid nextToken.');
}

function paginate(operation, filterKey, items, body, maxDefault) {
  const limit = parseMaxResults(body, maxDefault);
  const offset = decodeToken(operation, filterKey, body.nextToken);
  const page = items.slice(offset, offset + limit);
  const next = offset + limit < items.length ? encodeToken(operation, filterKey, offset + limit) : undefined;
  return { page, next };
}

// ---------------------------------------------------------------------------------------------
// operations
// ---------------------------------------------------------------------------------------------
const operations = {
  ListClusters(body) {
    const all = [...state.clusters.values()].map((c) => c.clusterArn);
    const { page, next } = paginate('ListClusters', '', all, body, 100);
    return next ? { clusterArns: page, nextToken: next } : { clusterArns: page };
  },

  DescribeClusters(body) {
    const refs = requireStringArray(body, 'clusters', { max: 100 }) ?? ['default'];
    const clusters = [];
    const failures = [];
    for (const ref of refs) {
      const name = clusterNameFromRef(ref);
      const cluster = name === undefined ? undefined : state.clusters.get(name);
      if (cluster) clusters.push(publicCluster(cluster));
      else failures.push({ arn: ref.startsWith('arn:') ? ref : arn(`cluster/${ref}`), reason: 'MISSING' });
    }
    return { clusters, failures };
  },

  ListServices(body) {
    const cluster = findCluster(requireString(body, 'cluster'));
    const launchType = requireString(body, 'launchType');
    const strategy = requireString(body, 'schedulingStrategy');
    const all = [...cluster.services.values()]
      .filter((s) => !launchType || s.launchType === launchType)
      .filter((s) => !strategy || s.schedulingStrategy === strategy)
      .map((s) => s.serviceArn);
    const { page, next } = paginate('ListServices', `${cluster.clusterName}|${launchType ?? ''}|${strategy ?? ''}`, all, body, 100);
    return next ? { serviceArns: page, nextToken: next } : { serviceArns: page };
  },

  DescribeServices(body) {
    const cluster = findCluster(requireString(body, 'cluster'));
    const refs = requireStringArray(body, 'services', { required: true, max: 10 });
    const services = [];
    const failures = [];
    for (const ref of refs) {
      const name = serviceNameFromRef(cluster, ref);
      const service = name === undefined ? undefined : cluster.services.get(name);
      if (service) services.push(publicService(cluster, service));
      else failures.push({ arn: ref.startsWith('arn:') ? ref : arn(`service/${cluster.clusterName}/${ref}`), reason: 'MISSING' });
    }
    return { services, failures };
  },

  ListTasks(body) {
    const cluster = findCluster(requireString(body, 'cluster'));
    const serviceName = requireString(body, 'serviceName');
    const family = requireString(body, 'family');
    const startedBy = requireString(body, 'startedBy');
    const launchType = requireString(body, 'launchType');
    const desiredStatus = requireString(body, 'desiredStatus') ?? 'RUNNING';
    if (!['RUNNING', 'PENDING', 'STOPPED'].includes(desiredStatus)) {
      throw invalidParameter(`Invalid desiredStatus: ${desiredStatus}. Valid values: RUNNING, PENDING, STOPPED.`);
    }
    if (requireString(body, 'containerInstance') !== undefined) return { taskArns: [] }; // Fargate only
    let service;
    if (serviceName !== undefined) {
      const name = serviceNameFromRef(cluster, serviceName);
      service = name === undefined ? undefined : cluster.services.get(name);
      if (!service) throw clientError('ServiceNotFoundException', 'Service not found.');
    }
    const all = [...cluster.tasks.values()]
      .filter((t) => !service || t._serviceName === service.serviceName)
      .filter((t) => !family || t.taskDefinitionArn.includes(`:task-definition/${family}:`))
      .filter((t) => !startedBy || t.startedBy === startedBy)
      .filter((t) => !launchType || t.launchType === launchType)
      .filter((t) =>
        desiredStatus === 'PENDING' ? ['PROVISIONING', 'PENDING', 'ACTIVATING'].includes(t.lastStatus) && t.desiredStatus === 'RUNNING' : t.desiredStatus === desiredStatus,
      )
      .map((t) => t.taskArn);
    const key = [cluster.clusterName, service?.serviceName ?? '', family ?? '', startedBy ?? '', launchType ?? '', desiredStatus].join('|');
    const { page, next } = paginate('ListTasks', key, all, body, 100);
    return next ? { taskArns: page, nextToken: next } : { taskArns: page };
  },

  DescribeTasks(body) {
    const cluster = findCluster(requireString(body, 'cluster'));
    const refs = requireStringArray(body, 'tasks', { required: true, max: 100 });
    const include = requireStringArray(body, 'include') ?? [];
    const tasks = [];
    const failures = [];
    for (const ref of refs) {
      const id = taskIdFromRef(cluster, ref);
      const task = id === undefined ? undefined : cluster.tasks.get(id);
      if (task) {
        const view = publicTask(task);
        if (!include.includes('TAGS')) delete view.tags;
        tasks.push(view);
      } else {
        failures.push({ arn: ref.startsWith('arn:') ? ref : arn(`task/${cluster.clusterName}/${ref}`), reason: 'MISSING' });
      }
    }
    return { tasks, failures };
  },

  StopTask(body) {
    const cluster = findCluster(requireString(body, 'cluster'));
    const ref = requireString(body, 'task', { required: true });
    const reason = requireString(body, 'reason', { max: 255 }) ?? 'Task stopped by user';
    const id = taskIdFromRef(cluster, ref);
    const task = id === undefined ? undefined : cluster.tasks.get(id);
    if (!task) throw invalidParameter('The referenced task was not found.');
    if (task.desiredStatus !== 'STOPPED') {
      const t = nowSeconds();
      task.desiredStatus = 'STOPPED';
      task.lastStatus = 'STOPPING';
      task.stoppingAt = t;
      task.stopCode = 'UserInitiated';
      task.stoppedReason = reason;
      task.version += 1;
      task.containers.forEach((c) => {
        c.lastStatus = 'RUNNING';
      });
      schedule(() => finishStop(cluster, task), config.stopDelayMs);
    }
    return { task: publicTask(task) };
  },
};

function finishStop(cluster, task) {
  if (state.clusters.get(cluster.clusterName) !== cluster || cluster.tasks.get(task.taskArn.split('/').pop()) !== task) return;
  const t = nowSeconds();
  task.lastStatus = 'STOPPED';
  task.executionStoppedAt = t;
  task.stoppedAt = t;
  task.healthStatus = 'UNKNOWN';
  task.connectivity = 'DISCONNECTED';
  task.version += 1;
  task.containers.forEach((c) => {
    c.lastStatus = 'STOPPED';
    c.exitCode = 143;
    c.healthStatus = 'UNKNOWN';
  });
  const service = task._serviceName ? cluster.services.get(task._serviceName) : undefined;
  if (!service) return;
  service.events.unshift({
    id: randomUUID(),
    createdAt: t,
    message: `(service ${service.serviceName}) has stopped 1 running tasks: (task ${task.taskArn.split('/').pop()}).`,
  });
  const launch = () => reconcile(cluster, service);
  if (config.replacementDelayMs > 0) schedule(launch, config.replacementDelayMs);
  else launch();
}

// Launches replacement tasks until the service has desiredCount tasks that should be running.
function reconcile(cluster, service) {
  if (state.clusters.get(cluster.clusterName) !== cluster || cluster.services.get(service.serviceName) !== service) return;
  const wanted = serviceTasks(cluster, service).filter((t) => t.desiredStatus === 'RUNNING').length;
  const started = [];
  for (let i = wanted; i < service.desiredCount; i++) {
    const task = makeTask(cluster, service, { healthStatus: 'HEALTHY', lastStatus: 'RUNNING', startedAt: nowSeconds() });
    started.push(task.taskArn.split('/').pop());
  }
  if (started.length > 0) {
    service.events.unshift({
      id: randomUUID(),
      createdAt: nowSeconds(),
      message: `(service ${service.serviceName}) has started ${started.length} tasks: ${started.map((id) => `(task ${id})`).join(' ')}.`,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// faults
// ---------------------------------------------------------------------------------------------
function addFault(spec) {
  if (spec === null || typeof spec !== 'object') throw invalidParameter('fault must be an object');
  const operation = spec.operation ?? '*';
  if (operation !== '*' && !operations[operation]) throw invalidParameter(`Unknown operation: ${operation}`);
  const count = spec.count === undefined ? 1 : Number(spec.count);
  if (!Number.isInteger(count) || count < -1 || count === 0) throw invalidParameter('count must be a positive integer, or -1 for unlimited');
  const fault = { operation, remaining: count };
  if (spec.delayMs !== undefined) {
    const d = Number(spec.delayMs);
    if (!Number.isFinite(d) || d < 0 || d > 600000) throw invalidParameter('delayMs must be between 0 and 600000');
    fault.delayMs = d;
  }
  if (spec.status !== undefined || spec.type !== undefined) {
    const status = spec.status === undefined ? (spec.type === 'ServerException' ? 500 : 400) : Number(spec.status);
    if (!Number.isInteger(status) || status < 400 || status > 599) throw invalidParameter('status must be 4xx or 5xx');
    fault.status = status;
    fault.type = spec.type ?? (status >= 500 ? (status === 503 ? 'ServiceUnavailableException' : 'ServerException') : 'ClientException');
    fault.message = spec.message ?? `Injected fault (${fault.type})`;
  }
  if (fault.delayMs === undefined && fault.status === undefined) throw invalidParameter('fault needs status/type and/or delayMs');
  faults.push(fault);
  return fault;
}

// Consumes the faults matching this call; returns { delayMs, error }.
function takeFaults(operation) {
  let delayMs = 0;
  let error;
  for (const f of faults) {
    if (f.remaining === 0 || (f.operation !== '*' && f.operation !== operation)) continue;
    if (f.delayMs !== undefined) delayMs = Math.max(delayMs, f.delayMs);
    if (f.status !== undefined && !error) error = new EcsError(f.type, f.message, f.status);
    if (f.remaining > 0) f.remaining -= 1;
  }
  faults = faults.filter((f) => f.remaining !== 0);
  return { delayMs, error };
}

// ---------------------------------------------------------------------------------------------
// http
// ---------------------------------------------------------------------------------------------
// Timestamps (createdAt, startedAt, ...) are epoch seconds; keep millisecond precision like ECS does.
const timestampReplacer = (key, value) => (typeof value === 'number' && key.endsWith('At') ? Math.round(value * 1000) / 1000 : value);

function send(res, status, payload, contentType = 'application/x-amz-json-1.1', extraHeaders = {}) {
  const body = Buffer.from(JSON.stringify(payload, timestampReplacer));
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': body.length,
    'x-amzn-RequestId': randomUUID(),
    ...extraHeaders,
  });
  res.end(body);
}

function sendError(res, err) {
  const status = err.status ?? 500;
  const type = err.type ?? 'ServerException';
  send(res, status, { __type: type, message: err.message }, 'application/x-amz-json-1.1', { 'x-amzn-ErrorType': type });
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(clientError('RequestEntityTooLargeException', 'Request body too large.'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(buffer, { allowEmpty }) {
  const text = buffer.toString('utf8');
  if (text.trim() === '') {
    if (allowEmpty) return undefined;
    return {};
  }
  try {
    return JSON.parse(text);
  } catch {
    throw clientError('SerializationException', 'Request body is not valid JSON.');
  }
}

function logRequest(entry) {
  requestLog.push({ seq: ++requestSeq, at: new Date().toISOString(), ...entry });
  if (requestLog.length > LOG_LIMIT) requestLog.splice(0, requestLog.length - LOG_LIMIT);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function handleEcs(req, res, body) {
  const target = req.headers['x-amz-target'] ?? '';
  const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
  const entry = { operation: operation ?? null, target, body: null };
  let parsed;
  let parseError;
  try {
    parsed = parseJson(body, { allowEmpty: false });
    entry.body = parsed;
  } catch (e) {
    parseError = e;
    entry.body = body.toString('utf8');
  }
  try {
    const auth = verifyRequest(req, body, { credentials: CREDENTIALS, service: 'ecs', region: REGION, maxSkewSeconds: MAX_SKEW_SECONDS });
    if (!auth.ok) throw new EcsError(auth.type, auth.message, 403);
    if (!operation || !Object.hasOwn(operations, operation)) {
      throw clientError('UnknownOperationException', `Unknown operation ${target || '(no X-Amz-Target)'}`);
    }
    if (parseError) throw parseError;
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw clientError('SerializationException', 'Request body must be a JSON object.');
    }
    calls[operation] = (calls[operation] ?? 0) + 1;
    const { delayMs, error } = takeFaults(operation);
    if (delayMs > 0) await sleep(delayMs);
    if (error) throw error;
    const result = operations[operation](parsed);
    entry.status = 200;
    logRequest(entry);
    send(res, 200, result);
  } catch (err) {
    const e = err instanceof EcsError ? err : new EcsError('ServerException', `Internal error: ${err?.message ?? err}`, 500);
    if (!(err instanceof EcsError)) console.error(err);
    entry.status = e.status;
    entry.errorType = e.type;
    logRequest(entry);
    sendError(res, e);
  }
}

function snapshot() {
  return {
    region: REGION,
    account: ACCOUNT,
    config: { ...config },
    clusters: [...state.clusters.values()].map((cluster) => ({
      ...publicCluster(cluster),
      services: [...cluster.services.values()].map((service) => ({
        ...publicService(cluster, service),
        tasks: serviceTasks(cluster, service).map(publicTask),
      })),
      tasks: [...cluster.tasks.values()].map(publicTask),
    })),
    calls: { ...calls },
    requests: structuredClone(requestLog),
    faults: faults.map((f) => ({ ...f })),
  };
}

async function handleControl(req, res, body, path) {
  const json = (status, payload) => send(res, status, payload, 'application/json');
  try {
    if (path === '/_standin/health' && req.method === 'GET') return json(200, { status: 'ok' });
    if (path === '/_standin/state' && req.method === 'GET') return json(200, snapshot());
    if (path === '/_standin/reset' && req.method === 'POST') {
      const seed = parseJson(body, { allowEmpty: true });
      resetState(seed);
      return json(200, snapshot());
    }
    if (path === '/_standin/faults') {
      if (req.method === 'GET') return json(200, { faults });
      if (req.method === 'DELETE') {
        faults = [];
        return json(200, { faults });
      }
      if (req.method === 'POST') {
        const spec = parseJson(body, { allowEmpty: false });
        const list = Array.isArray(spec) ? spec : [spec];
        const before = faults.length;
        try {
          list.forEach(addFault);
        } catch (e) {
          faults.splice(before);
          throw e;
        }
        return json(200, { faults });
      }
    }
    if (path === '/_standin/config') {
      if (req.method === 'GET') return json(200, { config });
      if (req.method === 'POST') {
        const spec = parseJson(body, { allowEmpty: false }) ?? {};
        for (const key of Object.keys(config)) {
          if (spec[key] === undefined) continue;
          const n = Number(spec[key]);
          if (!Number.isFinite(n) || n < 0) throw invalidParameter(`${key} must be a non-negative number`);
          config[key] = n;
        }
        return json(200, { config });
      }
    }
    return json(404, { __type: 'NotFound', message: `No control endpoint ${req.method} ${path}` });
  } catch (err) {
    const e = err instanceof EcsError ? err : new EcsError('ServerException', String(err?.message ?? err), 500);
    return json(e.status, { __type: e.type, message: e.message });
  }
}

resetState();

const server = http.createServer(async (req, res) => {
  let body;
  try {
    body = await readBody(req);
  } catch (err) {
    if (!res.headersSent) sendError(res, err instanceof EcsError ? err : new EcsError('ServerException', String(err), 500));
    return;
  }
  const url = req.url ?? '/';
  const path = url.split('?')[0];
  if (path.startsWith('/_standin/')) return handleControl(req, res, body, path);
  if (req.method === 'POST' && path === '/') return handleEcs(req, res, body);
  if (req.method === 'GET' && path === '/') return send(res, 200, { service: 'ecs-standin', status: 'ok' }, 'application/json');
  return sendError(res, clientError('UnknownOperationException', `Unsupported request ${req.method} ${path}`));
});

server.keepAliveTimeout = 5000;

function shutdown(signal) {
  clearTimers();
  server.close(() => process.exit(0));
  server.closeAllConnections?.();
  setTimeout(() => process.exit(0), 2000).unref();
  process.stderr.write(`ecs-standin: ${signal}, shutting down\n`);
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));

server.on('error', (err) => {
  console.error(`ecs-standin: cannot listen on ${HOST}:${PORT}: ${err.code ?? ''} ${err.message}`);
  process.exit(1);
});

server.listen(PORT, HOST, () => {
  const { port } = server.address();
  console.log(`ecs-standin listening on http://${HOST}:${port}`);
});
