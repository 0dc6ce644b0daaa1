import { controllerName } from '../ingress-classes.js';
import { ingressPorts } from '../ingress-objects.js';

/** What the Deployment's env says (ingress-objects.ts), with the same values as defaults. */
export interface ControllerSettings {
  httpPort: number;
  advertisedPort: number;
  healthzPort: number;
  statusPort: number;
  runDir: string;
  controller: string;
  /** Published in Ingress status; none (no status updates) when unset. */
  nodeIp: string | undefined;
  nginxBinary: string;
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new Error(`${name}=${raw} is not a TCP port (1-65535)`);
  }
  return value;
}

export function readSettings(env: NodeJS.ProcessEnv): ControllerSettings {
  return {
    httpPort: port(env, 'INGRESS_HTTP_PORT', ingressPorts.http),
    advertisedPort: port(env, 'INGRESS_ADVERTISED_PORT', ingressPorts.servicePort),
    healthzPort: port(env, 'INGRESS_HEALTHZ_PORT', ingressPorts.healthz),
    statusPort: port(env, 'INGRESS_STATUS_PORT', ingressPorts.status),
    runDir: env.INGRESS_RUN_DIR || '/tmp/nginx',
    controller: env.INGRESS_CONTROLLER || controllerName,
    nodeIp: env.NODE_IP || undefined,
    nginxBinary: env.NGINX_BINARY || '/usr/sbin/nginx',
  };
}
