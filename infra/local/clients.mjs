// AWS SDK clients for the local stack, configured from what `stack up` exports.
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

const env = process.env;
// The lockfile pins these clients: their notice that later releases will need Node 22 is not about them.
env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

function settings(endpointVariable) {
  if (!env[endpointVariable]) throw new Error(`${endpointVariable} is not set (run: eval "$(./infra/local/stack up)")`);
  const credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID || 'test', secretAccessKey: env.AWS_SECRET_ACCESS_KEY || 'test', sessionToken: env.AWS_SESSION_TOKEN };
  return { endpoint: env[endpointVariable], region: env.AWS_REGION || 'us-east-1', credentials };
}

// fauxqs serves buckets by path only.
export const s3 = () => new S3Client({ ...settings('AWS_ENDPOINT_URL_S3'), forcePathStyle: true });

export const dynamodb = () => new DynamoDBClient(settings('AWS_ENDPOINT_URL_DYNAMODB'));
