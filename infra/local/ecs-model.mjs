// The ECS stand-in's world: clusters hold services, services hold their tasks (in the shape DescribeTasks
// answers with), and the three ECS operations LambdaSuite calls act on them. Errors are ECS's: an EcsError
// carries the `__type` and HTTP status the client sees. Seeds and lifecycle: README.md.
import { randomBytes } from 'node:crypto';

export const [REGION, ACCOUNT] = ['us-east-1', '000000000000'];
export const number = (value, fallback) => (value === undefined || value === '' || !(Number(value) >= 0) ? fallback : Math.floor(Number(value)));
export const config = { stopDelayMs: number(process.env.ECS_STANDIN_STOP_DELAY_MS, 200) };
export let clusters = []; // [{ clusterName, clusterArn, services: [{ serviceName, serviceArn, desiredCount, tasks }] }]

// Authentication errors are HTTP 403, the others 400 unless given.
const FORBIDDEN = ['MissingAuthenticationTokenException', 'IncompleteSignatureException', 'UnrecognizedClientException', 'InvalidSignatureException'];
export class EcsError extends Error {
  constructor(type, message, status = FORBIDDEN.includes(type) ? 403 : 400) {
    super(message);
    Object.assign(this, { type, status });
  }
}

// Throws an EcsError of `type` for the first of the [holds, message] rules that does not hold.
export function check(type, ...rules) {
  const broken = rules.find(([holds]) => !holds);
  if (broken) throw new EcsError(type, broken[1]);
}
const INVALID = 'InvalidParameterException';

const now = () => Date.now() / 1000;
const arn = (resource) => `arn:aws:ecs:${REGION}:${ACCOUNT}:${resource}`;
const taskArn = (cluster, id) => arn(`task/${cluster.clusterName}/${id}`);
// ECS's task lifecycle: each lastStatus, and the desiredStatus it goes with.
const LIFECYCLE = { PROVISIONING: 'RUNNING', PENDING: 'RUNNING', ACTIVATING: 'RUNNING', RUNNING: 'RUNNING', DEACTIVATING: 'STOPPED', STOPPING: 'STOPPED', DEPROVISIONING: 'STOPPED', STOPPED: 'STOPPED' };
const PENDING_STATES = ['PROVISIONING', 'PENDING', 'ACTIVATING'];
let timers = new Set(); // StopTask's pending transitions, cancelled by a reset

function addTask(cluster, service, { id = randomBytes(16).toString('hex'), lastStatus = 'RUNNING', healthStatus, startedAt = now() } = {}) {
  healthStatus ??= lastStatus === 'RUNNING' ? 'HEALTHY' : 'UNKNOWN';
  check(
    INVALID,
    [/^[A-Za-z0-9_-]{1,64}$/.test(id) && !findTask(cluster, id), `Invalid or duplicate task id: ${id}`],
    [LIFECYCLE[lastStatus], `Invalid lastStatus: ${lastStatus}`],
    [['HEALTHY', 'UNHEALTHY', 'UNKNOWN'].includes(healthStatus), `Invalid healthStatus: ${healthStatus}`],
    [typeof startedAt === 'number', `Invalid startedAt (epoch seconds): ${startedAt}`],
  );
  const task = {
    taskArn: taskArn(cluster, id),
    clusterArn: cluster.clusterArn,
    taskDefinitionArn: arn(`task-definition/${service.serviceName}:1`),
    group: `service:${service.serviceName}`,
    lastStatus,
    desiredStatus: LIFECYCLE[lastStatus],
    healthStatus,
    launchType: 'FARGATE',
    createdAt: startedAt - 20.123,
    startedAt: PENDING_STATES.includes(lastStatus) ? undefined : startedAt,
    version: 1,
  };
  if (task.desiredStatus === 'STOPPED') Object.assign(task, { stopCode: 'UserInitiated', stoppedReason: 'Task stopped by user', stoppingAt: startedAt + 60.5 });
  if (lastStatus === 'STOPPED') task.stoppedAt = task.stoppingAt + 30.25;
  service.tasks.push(task);
}

function demoSeed() {
  const tasks = ['HEALTHY', 'UNHEALTHY', 'HEALTHY'].map((healthStatus, i) => ({ healthStatus, startedAt: now() - (3 - i) * 3600 - 0.5 }));
  return { clusters: [{ name: 'demo-cluster', services: [{ name: 'demo-api', desiredCount: 3, tasks }] }] };
}

// Builds the whole new world first, so a bad seed leaves the old one untouched.
export function reset(seed = demoSeed()) {
  const next = [];
  for (const { name, services = [] } of seed?.clusters ?? []) {
    check(INVALID, [name && !next.some((c) => c.clusterName === name), `Missing or duplicate cluster name: ${name}`]);
    const cluster = { clusterName: name, clusterArn: arn(`cluster/${name}`), services: [] };
    next.push(cluster);
    for (const { name: serviceName, desiredCount = 1, tasks } of services) {
      check(INVALID, [serviceName && !cluster.services.some((s) => s.serviceName === serviceName), `Missing or duplicate service name: ${serviceName}`]);
      const service = { serviceName, serviceArn: arn(`service/${name}/${serviceName}`), desiredCount: number(desiredCount, 1), tasks: [] };
      cluster.services.push(service);
      // Without tasks: desiredCount HEALTHY RUNNING ones, started ten minutes apart.
      const started = Array.from({ length: service.desiredCount }, (_, i) => ({ startedAt: now() - (service.desiredCount - i) * 600 - 0.5 }));
      for (const task of tasks ?? started) addTask(cluster, service, task);
    }
  }
  timers.forEach(clearTimeout);
  [clusters, timers] = [next, new Set()];
}

// --- the operations: a cluster, service or task is named by its name (id) or its ARN -------------
function text(body, name, required = false) {
  const value = body[name] ?? undefined;
  check(
    INVALID,
    [value !== undefined || !required, `${name} is required.`],
    [value === undefined || (typeof value === 'string' && value.length <= 255), `${name} must be a string of at most 255 characters.`],
  );
  return value;
}

function findCluster(body) {
  const ref = text(body, 'cluster') ?? 'default';
  const cluster = clusters.find((c) => c.clusterName === ref || c.clusterArn === ref);
  check('ClusterNotFoundException', [cluster, 'Cluster not found.']);
  return cluster;
}

const findTask = (cluster, ref) => cluster.services.flatMap((s) => s.tasks).find((t) => t.taskArn === ref || t.taskArn === taskArn(cluster, ref));

export const operations = {
  ListTasks(body) {
    const cluster = findCluster(body);
    const serviceRef = text(body, 'serviceName');
    const services = cluster.services.filter((s) => serviceRef === undefined || s.serviceName === serviceRef || s.serviceArn === serviceRef);
    const desired = text(body, 'desiredStatus') ?? 'RUNNING';
    const [limit, offset] = [body.maxResults ?? 100, Number(body.nextToken ?? 0)]; // nextToken: where the next page starts
    check('ServiceNotFoundException', [serviceRef === undefined || services.length > 0, 'Service not found.']);
    check(
      INVALID,
      [['RUNNING', 'PENDING', 'STOPPED'].includes(desired), `Invalid desiredStatus: ${desired}`],
      [Number.isInteger(limit) && limit >= 1 && limit <= 100, 'maxResults must be between 1 and 100.'],
      [Number.isInteger(offset) && offset >= 0, 'Invalid nextToken.'],
    );
    const pending = (t) => PENDING_STATES.includes(t.lastStatus) && t.desiredStatus === 'RUNNING';
    const arns = services.flatMap((s) => s.tasks.filter((t) => (desired === 'PENDING' ? pending(t) : t.desiredStatus === desired)).map((t) => t.taskArn));
    const taskArns = arns.slice(offset, offset + limit);
    return offset + limit < arns.length ? { taskArns, nextToken: String(offset + limit) } : { taskArns };
  },

  DescribeTasks(body) {
    const cluster = findCluster(body);
    const refs = body.tasks;
    check(INVALID, [Array.isArray(refs) && refs.length >= 1 && refs.length <= 100 && refs.every((r) => typeof r === 'string'), 'tasks must be a list of 1 to 100 task ids or ARNs.']);
    const found = refs.map((ref) => findTask(cluster, ref));
    const failures = refs.filter((_, i) => !found[i]).map((ref) => ({ arn: ref.startsWith('arn:') ? ref : taskArn(cluster, ref), reason: 'MISSING' }));
    return { tasks: found.filter(Boolean), failures };
  },

  // STOPPING now, STOPPED after stopDelayMs; then the service starts replacements up to its desiredCount.
  StopTask(body) {
    const cluster = findCluster(body);
    const task = findTask(cluster, text(body, 'task', true));
    const stoppedReason = text(body, 'reason') ?? 'Task stopped by user';
    check(INVALID, [task, 'The referenced task was not found.']);
    if (task.desiredStatus === 'STOPPED') return { task };
    Object.assign(task, { desiredStatus: 'STOPPED', lastStatus: 'STOPPING', stoppingAt: now(), stopCode: 'UserInitiated', stoppedReason, version: task.version + 1 });
    const service = cluster.services.find((s) => s.tasks.includes(task));
    const timer = setTimeout(() => {
      timers.delete(timer);
      Object.assign(task, { lastStatus: 'STOPPED', stoppedAt: now(), healthStatus: 'UNKNOWN', version: task.version + 1 });
      while (service.tasks.filter((t) => t.desiredStatus === 'RUNNING').length < service.desiredCount) addTask(cluster, service);
    }, config.stopDelayMs);
    timers.add(timer);
    return { task };
  },
};
