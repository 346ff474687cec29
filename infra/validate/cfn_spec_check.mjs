// Checks every resource of a CloudFormation template (JSON, e.g. the SAM translator's output)
// against the CloudFormation resource specification: the type exists, property names exist,
// required properties are present, nested property names exist, and Fn::GetAtt names real
// attributes. The SAM schema lets plain CloudFormation resources through unchecked; this does not.
// Usage: node cfn_spec_check.mjs template.json   (or '-' for stdin). Exit 0 clean, 1 findings.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const dbPath = require.resolve('@aws-cdk/aws-service-spec/db.json.gz');
const { schema } = JSON.parse(gunzipSync(readFileSync(dbPath)));
const resources = new Map(schema.resource.entities.map((r) => [r.cloudFormationType, r]));
const typeDefs = new Map(schema.typeDefinition.entities.map((t) => [t.$id, t]));

const input = process.argv[2] ?? '-';
const template = JSON.parse(readFileSync(input === '-' ? 0 : input, 'utf8'));
const findings = [];

const isIntrinsic = (v) => v !== null && typeof v === 'object' && !Array.isArray(v)
  && Object.keys(v).length === 1 && /^(Ref|Condition|Fn::.+)$/.test(Object.keys(v)[0]);

function checkValue(value, type, path) {
  if (value === undefined || value === null || isIntrinsic(value) || !type) return;
  if (type.type === 'union') { // accept if any member type fits without findings
    const before = findings.length;
    for (const member of type.types) {
      const trial = findings.length;
      checkValue(value, member, path);
      if (findings.length === trial) { findings.length = before; return; }
      findings.length = trial;
    }
    return;
  }
  if (type.type === 'array' && Array.isArray(value)) {
    value.forEach((item, i) => checkValue(item, type.element, `${path}[${i}]`));
  } else if (type.type === 'map' && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) checkValue(v, type.element, `${path}.${k}`);
  } else if (type.type === 'ref') {
    checkObject(value, typeDefs.get(type.reference.$ref)?.properties ?? {}, path);
  }
}

function checkObject(value, properties, path) {
  if (typeof value !== 'object' || Array.isArray(value) || isIntrinsic(value)) return;
  for (const [name, v] of Object.entries(value)) {
    if (!(name in properties)) findings.push(`${path}: unknown property ${name}`);
    else checkValue(v, properties[name].type, `${path}.${name}`);
  }
  for (const [name, p] of Object.entries(properties)) {
    if (p.required && !(name in value)) findings.push(`${path}: missing required property ${name}`);
  }
}

function checkGetAtts(node, path) {
  if (Array.isArray(node)) { node.forEach((n, i) => checkGetAtts(n, `${path}[${i}]`)); return; }
  if (node === null || typeof node !== 'object') return;
  if ('Fn::GetAtt' in node) {
    const [id, attribute] = Array.isArray(node['Fn::GetAtt']) ? node['Fn::GetAtt'] : String(node['Fn::GetAtt']).split('.', 2);
    const target = template.Resources?.[id];
    const spec = target && resources.get(target.Type);
    if (!target) findings.push(`${path}: Fn::GetAtt names unknown resource ${id}`);
    // A nested stack's outputs are attributes "Outputs.<name>", which the specification cannot list.
    else if (target.Type === 'AWS::CloudFormation::Stack' && typeof attribute === 'string' && attribute.startsWith('Outputs.')) return;
    else if (spec && typeof attribute === 'string' && !(attribute in (spec.attributes ?? {}))) findings.push(`${path}: ${target.Type} has no attribute ${attribute}`);
  }
  for (const [k, v] of Object.entries(node)) checkGetAtts(v, `${path}.${k}`);
}

for (const [id, resource] of Object.entries(template.Resources ?? {})) {
  const spec = resources.get(resource.Type);
  if (!spec) {
    if (!String(resource.Type).startsWith('Custom::')) findings.push(`${id}: unknown resource type ${resource.Type}`);
    continue;
  }
  checkObject(resource.Properties ?? {}, spec.properties ?? {}, `${id}.Properties`);
}
checkGetAtts(template.Resources ?? {}, 'Resources');
checkGetAtts(template.Outputs ?? {}, 'Outputs');

for (const f of findings) console.error(`cfn_spec_check: ${f}`);
console.log(`cfn_spec_check: ${Object.keys(template.Resources ?? {}).length} resources checked, ${findings.length} findings`);
process.exit(findings.length ? 1 : 0);
