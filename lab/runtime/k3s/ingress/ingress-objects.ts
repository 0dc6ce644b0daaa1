import type {
  V1ClusterRole,
  V1ClusterRoleBinding,
  V1Deployment,
  V1IngressClass,
  V1Namespace,
  V1Service,
  V1ServiceAccount,
} from '@kubernetes/client-node';
import { controllerName } from './ingress-classes.js';

/**
 * The Kubernetes objects that run the lab's ingress controller, in the order they are applied.
 *
 * Names and labels are ingress-nginx's, because the shop's NetworkPolicies (k8s/base/backend and
 * frontend/network-policy.yaml) admit traffic only from pods labelled app.kubernetes.io/name:
 * ingress-nginx in the namespace whose kubernetes.io/metadata.name is ingress-nginx (a label the API
 * server sets on every namespace by itself).
 */
export const ingressNamespace = 'ingress-nginx';
export const ingressClassName = 'nginx';
const name = 'ingress-nginx-controller';

/** Ports inside the pod. nginx listens on 8080 so it needs no capability as a non-root user. */
export const ingressPorts = { http: 8080, healthz: 10254, status: 10246, servicePort: 80 } as const;

const labels = {
  'app.kubernetes.io/name': 'ingress-nginx',
  'app.kubernetes.io/component': 'controller',
  'app.kubernetes.io/part-of': 'dhakacart-lab',
};
const selector = { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' };

export interface IngressControllerObjectsOptions {
  /** The image built from lab/runtime/k3s/images/ingress, already imported into the node's containerd. */
  image: string;
  /** The NodePort the node container publishes on 127.0.0.1 (30080 in the k3s profile). */
  nodePort: number;
}

export type IngressControllerObject =
  | V1Namespace
  | V1ServiceAccount
  | V1ClusterRole
  | V1ClusterRoleBinding
  | V1IngressClass
  | V1Deployment
  | V1Service;

export function ingressControllerObjects({
  image,
  nodePort,
}: IngressControllerObjectsOptions): IngressControllerObject[] {
  const namespace: V1Namespace = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: ingressNamespace,
      labels: {
        ...labels,
        // The same Pod Security level as the shop's namespace: the controller needs no privilege.
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'latest',
      },
    },
  };
  const serviceAccount: V1ServiceAccount = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace: ingressNamespace, labels },
  };
  // Read what nginx.conf is rendered from; write nothing but Ingress status.
  const clusterRole: V1ClusterRole = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name, labels },
    rules: [
      {
        apiGroups: ['networking.k8s.io'],
        resources: ['ingresses', 'ingressclasses'],
        verbs: ['get', 'list', 'watch'],
      },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses/status'], verbs: ['update', 'patch'] },
      { apiGroups: [''], resources: ['services'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
    ],
  };
  const clusterRoleBinding: V1ClusterRoleBinding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: [{ kind: 'ServiceAccount', name, namespace: ingressNamespace }],
  };
  // Our own controller name, not k8s.io/ingress-nginx: this is not ingress-nginx, and a real
  // ingress-nginx installed beside it must not take (or fight over) the same Ingresses.
  const ingressClass: V1IngressClass = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: { name: ingressClassName, labels },
    spec: { controller: controllerName },
  };
  const deployment: V1Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ingressNamespace, labels },
    spec: {
      replicas: 1,
      revisionHistoryLimit: 2,
      selector: { matchLabels: selector },
      // The new pod is ready before the old one goes: the shop stays reachable through an upgrade.
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: name,
          terminationGracePeriodSeconds: 30,
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 101,
            runAsGroup: 101,
            fsGroup: 101,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: 'controller',
              image,
              // No registry: the image is imported into the node's containerd by the lab.
              imagePullPolicy: 'Never',
              env: [
                { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                // Published in Ingress status.loadBalancer (ingress-nginx does the same without a publish Service).
                { name: 'NODE_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
                { name: 'INGRESS_HTTP_PORT', value: String(ingressPorts.http) },
                { name: 'INGRESS_ADVERTISED_PORT', value: String(ingressPorts.servicePort) },
                { name: 'INGRESS_HEALTHZ_PORT', value: String(ingressPorts.healthz) },
                { name: 'INGRESS_STATUS_PORT', value: String(ingressPorts.status) },
                { name: 'INGRESS_RUN_DIR', value: '/tmp/nginx' },
              ],
              ports: [
                { name: 'http', containerPort: ingressPorts.http, protocol: 'TCP' },
                { name: 'healthz', containerPort: ingressPorts.healthz, protocol: 'TCP' },
              ],
              // Ready once nginx runs a configuration rendered from the whole cluster; checked often so a
              // restarted controller is back in the Service within seconds.
              readinessProbe: {
                httpGet: { path: '/healthz', port: 'healthz' },
                periodSeconds: 2,
                timeoutSeconds: 1,
                failureThreshold: 3,
              },
              // ingress-nginx chart's liveness timings; /livez answers while the controller's loop runs.
              livenessProbe: {
                httpGet: { path: '/livez', port: 'healthz' },
                initialDelaySeconds: 10,
                periodSeconds: 10,
                timeoutSeconds: 1,
                failureThreshold: 5,
              },
              resources: { requests: { cpu: '100m', memory: '90Mi' } },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                privileged: false,
                runAsNonRoot: true,
                capabilities: { drop: ['ALL'] },
                seccompProfile: { type: 'RuntimeDefault' },
              },
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          // nginx.conf, its pid file and request-body temp files: the root filesystem is read-only.
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }],
        },
      },
    },
  };
  const service: V1Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ingressNamespace, labels },
    spec: {
      type: 'NodePort',
      selector,
      ports: [
        { name: 'http', port: ingressPorts.servicePort, targetPort: 'http', nodePort, protocol: 'TCP' },
      ],
    },
  };
  return [namespace, serviceAccount, clusterRole, clusterRoleBinding, ingressClass, deployment, service];
}
