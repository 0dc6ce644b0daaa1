import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { ClusterSnapshot } from './cluster-state.js';
import { buildRouteTable, type RouteLocation, type RouteTable, type VirtualServer } from './routes.js';
import type { Upstream } from './upstreams.js';

/**
 * Renders nginx.conf from the cluster's Ingresses the way ingress-nginx's nginx.tmpl does, with the
 * parts the lab needs: the same header handling, timeouts, retries and body limit per location, static
 * upstreams of ready pod addresses (ingress-nginx balances over the same list in Lua; nginx's own
 * round-robin with max_fails=0 behaves alike: no passive health marking, every failure is retried on
 * the next pod as proxy_next_upstream allows), and 503 for a backend without ready endpoints.
 */
export interface NginxRenderOptions {
  /** Where clients connect: the pod's port (8080 in the cluster), on every address unless given. */
  listen: { port: number; address?: string };
  /** The port clients believe they used, for X-Forwarded-Port (the Service maps 80 → 8080). */
  advertisedPort?: number;
  /** 127.0.0.1 port of nginx's own status server (/healthz, /configuration/checksum). */
  statusPort: number;
  /** Writable directory for the pid file and request-body/proxy temp files (an emptyDir in the pod). */
  runDir: string;
  /** Access log destination (one JSON object per line), or false for none. Default /dev/stdout. */
  accessLog?: string | false;
  /** Default `stderr` (the controller turns nginx's stderr lines into JSON log lines). */
  errorLog?: string;
  /** Default `auto` (one worker per CPU, ingress-nginx's default). */
  workerProcesses?: number | 'auto';
  /** IngressClass controller name to serve; default ours. */
  controller?: string;
}

export interface RenderedConfig {
  text: string;
  /** sha256 of the configuration, also served by nginx itself at /configuration/checksum. */
  checksum: string;
  table: RouteTable;
}

// ingress-nginx ConfigMap defaults (upstream-keepalive-*, keepalive, buffers, worker-connections).
const upstreamKeepalive = { connections: 320, timeoutSeconds: 60, requests: 10000 };

/** Strings inside nginx double quotes: names here are Kubernetes names, quoted defensively anyway. */
function q(value: string): string {
  return `"${value.replace(/[\\"$]/g, (c) => (c === '$' ? '${literal_dollar}' : `\\${c}`))}"`;
}

function serverAddress(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

function renderUpstream(upstream: Upstream): string[] {
  return [
    `    upstream ${upstream.name} {`,
    ...upstream.servers.map(
      (s) => `        server ${serverAddress(s.address)}:${s.port} max_fails=0 fail_timeout=0;`,
    ),
    `        keepalive ${upstreamKeepalive.connections};`,
    `        keepalive_timeout ${upstreamKeepalive.timeoutSeconds}s;`,
    `        keepalive_requests ${upstreamKeepalive.requests};`,
    '    }',
  ];
}

function renderLocation(location: RouteLocation): string[] {
  const s = location.settings;
  const lines = [
    `        location ${location.match} {`,
    `            set $namespace ${q(location.ingress.namespace)};`,
    `            set $ingress_name ${q(location.ingress.name)};`,
    `            set $service_name ${q(location.service.name)};`,
    `            set $service_port ${q(location.service.port)};`,
    `            set $proxy_upstream_name ${q(location.upstream ?? `${location.ingress.namespace}-${location.service.name}-${location.service.port}`)};`,
  ];
  if (s.forceSslRedirect) {
    lines.push(
      '            if ($redirect_to_https) {',
      '                return 308 https://$best_http_host$request_uri;',
      '            }',
    );
  }
  lines.push(`            client_max_body_size ${s.bodySize};`);
  if (!location.upstream) {
    lines.push(`            # ${location.reason ?? 'no upstream'}`, '            return 503;', '        }');
    return lines;
  }
  lines.push(
    '            proxy_set_header Host $best_http_host;',
    '            proxy_set_header Upgrade $http_upgrade;',
    '            proxy_set_header Connection $connection_upgrade;',
    '            proxy_set_header X-Request-ID $req_id;',
    '            proxy_set_header X-Real-IP $remote_addr;',
    '            proxy_set_header X-Forwarded-For $remote_addr;',
    '            proxy_set_header X-Forwarded-Host $best_http_host;',
    '            proxy_set_header X-Forwarded-Port $pass_port;',
    '            proxy_set_header X-Forwarded-Proto $pass_access_scheme;',
    '            proxy_set_header X-Forwarded-Scheme $pass_access_scheme;',
    '            proxy_set_header X-Scheme $pass_access_scheme;',
    '            proxy_set_header X-Original-Forwarded-For $http_x_forwarded_for;',
    "            # httpoxy: never pass a client's Proxy header on as HTTP_PROXY.",
    '            proxy_set_header Proxy "";',
    `            proxy_connect_timeout ${s.connectTimeoutSeconds}s;`,
    `            proxy_send_timeout ${s.sendTimeoutSeconds}s;`,
    `            proxy_read_timeout ${s.readTimeoutSeconds}s;`,
    '            proxy_buffering off;',
    '            proxy_buffer_size 4k;',
    '            proxy_buffers 4 4k;',
    '            proxy_request_buffering on;',
    '            proxy_http_version 1.1;',
    '            proxy_cookie_domain off;',
    '            proxy_cookie_path off;',
    `            proxy_next_upstream ${s.nextUpstream.join(' ')};`,
    `            proxy_next_upstream_tries ${s.nextUpstreamTries};`,
    `            proxy_pass http://${location.upstream};`,
    '            proxy_redirect off;',
    '        }',
  );
  return lines;
}

function renderServer(server: VirtualServer, options: NginxRenderOptions): string[] {
  const listen = options.listen.address
    ? `${options.listen.address}:${options.listen.port}`
    : `${options.listen.port}`;
  const lines = [
    '    server {',
    `        listen ${listen}${server.hostname === '_' ? ' default_server' : ''};`,
    `        server_name ${server.hostname};`,
    '        set $namespace "";',
    '        set $ingress_name "";',
    '        set $service_name "";',
    '        set $service_port "";',
    '        set $proxy_upstream_name "-";',
    ...server.locations.flatMap(renderLocation),
  ];
  if (!server.locations.some((l) => l.match === '/')) {
    // Nothing routes here: ingress-nginx's default backend answers 404.
    lines.push('        location / {', '            return 404;', '        }');
  }
  lines.push('    }');
  return lines;
}

function renderBody(table: RouteTable, options: NginxRenderOptions): string[] {
  const run = options.runDir;
  const accessLog = options.accessLog ?? '/dev/stdout';
  const advertised = options.advertisedPort ?? options.listen.port;
  return [
    'daemon off;',
    `worker_processes ${options.workerProcesses ?? 'auto'};`,
    `pid ${join(run, 'nginx.pid')};`,
    `error_log ${options.errorLog ?? 'stderr'} notice;`,
    // A reload lets old workers finish their requests, but not forever.
    'worker_shutdown_timeout 240s;',
    '',
    'events {',
    '    multi_accept on;',
    '    worker_connections 16384;',
    '}',
    '',
    'http {',
    // Writable paths inside runDir: the compiled-in /var/lib/nginx is root's, and nginx runs as a user.
    `    client_body_temp_path ${join(run, 'client-body')};`,
    `    proxy_temp_path ${join(run, 'proxy-temp')};`,
    `    fastcgi_temp_path ${join(run, 'fastcgi-temp')};`,
    `    uwsgi_temp_path ${join(run, 'uwsgi-temp')};`,
    `    scgi_temp_path ${join(run, 'scgi-temp')};`,
    '',
    '    sendfile on;',
    '    tcp_nopush on;',
    '    tcp_nodelay on;',
    '    reset_timedout_connection on;',
    '    keepalive_timeout 75s;',
    '    keepalive_requests 1000;',
    '    client_header_buffer_size 1k;',
    '    client_header_timeout 60s;',
    '    large_client_header_buffers 4 8k;',
    '    client_body_buffer_size 8k;',
    '    client_body_timeout 60s;',
    '    types_hash_max_size 2048;',
    '    server_names_hash_max_size 1024;',
    '    server_names_hash_bucket_size 64;',
    '    map_hash_bucket_size 64;',
    '    default_type text/html;',
    '    server_tokens off;',
    '    uninitialized_variable_warn off;',
    '    server_name_in_redirect off;',
    '    port_in_redirect off;',
    '',
    '    log_format upstreaminfo escape=json \'{"time":"$time_iso8601","source":"nginx-access",' +
      '"remote_addr":"$remote_addr","request_id":"$req_id","method":"$request_method","uri":"$request_uri",' +
      '"status":$status,"body_bytes_sent":$body_bytes_sent,"request_length":$request_length,' +
      '"request_time":$request_time,"namespace":"$namespace","ingress":"$ingress_name",' +
      '"service":"$service_name","service_port":"$service_port","upstream":"$proxy_upstream_name",' +
      '"upstream_addr":"$upstream_addr","upstream_status":"$upstream_status",' +
      '"upstream_response_time":"$upstream_response_time","user_agent":"$http_user_agent"}\';',
    accessLog === false ? '    access_log off;' : `    access_log ${accessLog} upstreaminfo;`,
    '',
    '    map $http_upgrade $connection_upgrade {',
    '        default upgrade;',
    // With upstream keepalive, an empty Connection header keeps the upstream connection open.
    "        '' '';",
    '    }',
    "    map '' $pass_access_scheme {",
    '        default $scheme;',
    '    }',
    "    map '' $pass_server_port {",
    '        default $server_port;',
    '    }',
    '    map $http_host $best_http_host {',
    '        default $http_host;',
    "        '' $host;",
    '    }',
    '    map $pass_server_port $pass_port {',
    ...(advertised !== options.listen.port ? [`        ${options.listen.port} ${advertised};`] : []),
    '        default $pass_server_port;',
    '    }',
    '    map $http_x_request_id $req_id {',
    '        default $http_x_request_id;',
    "        '' $request_id;",
    '    }',
    '    map "$scheme:$pass_access_scheme" $redirect_to_https {',
    '        default 0;',
    '        "http:http" 1;',
    '        "https:http" 1;',
    '    }',
    '    geo $literal_dollar {',
    '        default "$";',
    '    }',
    '',
    ...table.upstreams.flatMap(renderUpstream),
    '',
    ...table.servers.flatMap((server) => renderServer(server, options)),
    '',
  ];
}

function renderStatusServer(options: NginxRenderOptions, checksum: string): string[] {
  // nginx's own health, and which configuration its workers run: the controller's readiness probe and
  // its reload check read these on loopback (ingress-nginx keeps the same kind of internal server).
  return [
    '    server {',
    `        listen 127.0.0.1:${options.statusPort};`,
    '        access_log off;',
    '        default_type text/plain;',
    '        location = /healthz {',
    '            return 200 "ok";',
    '        }',
    '        location = /configuration/checksum {',
    `            return 200 "${checksum}";`,
    '        }',
    '        location / {',
    '            return 404;',
    '        }',
    '    }',
    '}',
    '',
  ];
}

/** Pure: the same snapshot and options always give the same text. */
export function renderNginxConf(snapshot: ClusterSnapshot, options: NginxRenderOptions): RenderedConfig {
  const table = buildRouteTable(snapshot, options.controller);
  const body = renderBody(table, options).join('\n');
  const checksum = createHash('sha256').update(body).digest('hex');
  const text = [
    "# Rendered by the DhakaCart Lab ingress controller (lab/runtime/k3s/ingress) from the cluster's Ingresses.",
    `# Configuration checksum: ${checksum}`,
    body,
    ...renderStatusServer(options, checksum),
  ].join('\n');
  return { text, checksum, table };
}
