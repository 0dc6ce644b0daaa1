#!/bin/bash
# The node container's PID 1 (under tini): a single-node Kubernetes v1.34.2 cluster from upstream
# sources — etcd, kube-apiserver, kube-controller-manager, kube-scheduler, containerd, kubelet,
# kube-proxy and CoreDNS as plain processes — made to run in an UNPRIVILEGED container (docker
# --privileged fails on hosts whose capability bounding set lacks CAP_SYS_RESOURCE) without ever
# touching the host kernel's global settings.
#
# Command line: `server [K3s flags]`, like rancher/k3s (what @testcontainers/k3s runs). --tls-san and
# --node-name are honoured; other K3s flags (--disable=traefik, ...) are accepted and ignored.
# Environment: NODE_NAME (default k8s-node), EXTRA_SANS ("DNS:foo IP:1.2.3.4"), APISERVER_EXTRA_ARGS,
# KUBELET_EXTRA_ARGS. Images in /images/*.tar are imported into containerd before kubelet starts.
# Ready: the log lines "K8S-NODE-READY ..." and "Node controller sync successful" (K3s's, which
# @testcontainers/k3s waits for), printed once the node is Ready and CoreDNS answers.
# Kubeconfig (server https://127.0.0.1:6443): /etc/kubernetes/admin.conf and /etc/rancher/k3s/k3s.yaml.
# Resource metrics (metrics.k8s.io, what the HPAs read): metrics-server runs as a process like CoreDNS,
# registered through the aggregation layer (front-proxy CA and client certificate below) behind a
# selector-less Service; kube-apiserver routes to the node's IP (--enable-aggregator-routing).
# Component logs: /var/log/k8s/<component>.log; if one dies, its last lines are printed and the
# container exits.
set -euo pipefail

# Docker's default on cgroup v1 is the HOST cgroup namespace (testcontainers too): re-exec in a fresh
# one, rooted at this container's cgroup, so the cgroup remount below shows only our own subtree.
if [ -z "${K8S_CGNS:-}" ] && grep -qE '^[0-9]+:memory:/.+' /proc/self/cgroup; then
  export K8S_CGNS=1
  exec unshare --cgroup "$0" "$@"
fi

T0=$(date +%s.%N)
ts() { awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}'; }
log() { echo "[start-node +$(ts)s] $*"; }

# ---------- 0. command line (K3s-compatible)
NODE_NAME=${NODE_NAME:-k8s-node}
TLS_SANS=()
IGNORED=()
add_sans() { # comma-separated names or addresses, as K3s's --tls-san takes them
  local v
  IFS=, read -ra vs <<<"$1"
  for v in "${vs[@]}"; do
    [ -n "$v" ] || continue
    if [[ $v =~ ^[0-9.]+$ || $v == *:* ]]; then TLS_SANS+=("IP:$v"); else TLS_SANS+=("DNS:$v"); fi
  done
}
case "${1:-server}" in
  server) if [ $# -gt 0 ]; then shift; fi ;;
  -*) ;; # flags without the verb
  *)
    echo "start-node: only 'server' is supported (one node runs the control plane and the pods); got: $1" >&2
    exit 2
    ;;
esac
while [ $# -gt 0 ]; do
  case "$1" in
    --tls-san=*) add_sans "${1#*=}" ;;
    --tls-san) add_sans "${2:-}"; shift ;;
    --node-name=*) NODE_NAME=${1#*=} ;;
    --node-name) NODE_NAME=${2:-$NODE_NAME}; shift ;;
    *) IGNORED+=("$1") ;;
  esac
  shift
done
[ ${#IGNORED[@]} -eq 0 ] || log "ignoring K3s flags: ${IGNORED[*]}"

PKI=/etc/kubernetes/pki
LOGS=/var/log/k8s
mkdir -p $PKI $LOGS /etc/kubernetes/manifests /var/lib/etcd /var/lib/kubelet /etc/rancher/k3s
export KUBECONFIG=/etc/kubernetes/admin.conf

# ---------- 1. container plumbing (no --privileged: fix /proc/sys, cgroups and /dev ourselves)
# /proc/sys stays read-only (docker's default), so the HOST's global sysctls can never be changed from
# here; only /proc/sys/net, which is per network namespace (this container's own), is made writable
# for the CNI bridge and kube-proxy.
if ! (echo 1 >/proc/sys/net/ipv4/ip_forward) 2>/dev/null; then
  mount --bind /proc/sys/net /proc/sys/net && mount -o remount,rw,bind /proc/sys/net
fi
# kubelet checks these GLOBAL values and writes them when they differ — with a writable /proc/sys
# (kind-style privileged nodes) that silently changes the host kernel. Show kubelet a file holding the
# value it wants instead (a bind mount over the sysctl file, visible only inside this container).
for kv in vm/overcommit_memory=1 vm/panic_on_oom=0 kernel/panic=10 kernel/panic_on_oops=1 \
  kernel/keys/root_maxkeys=1000000 kernel/keys/root_maxbytes=25000000; do
  f=/proc/sys/${kv%=*}
  v=${kv#*=}
  if [ "$(cat "$f")" != "$v" ]; then
    mkdir -p /run/fake-sysctl
    echo "$v" >"/run/fake-sysctl/${kv//\//_}"
    mount --bind "/run/fake-sysctl/${kv//\//_}" "$f"
  fi
done
# Unprivileged containers get cgroups mounted read-only, and `mount -o remount,rw` says "busy":
# unmount each controller and mount it afresh (in our own cgroup namespace, so rooted at our cgroup;
# pods then live under the container's cgroup and count in `docker stats`).
for d in /sys/fs/cgroup/*; do
  [ -d "$d" ] && [ ! -L "$d" ] || continue
  if ! mkdir "$d/.rwtest" 2>/dev/null; then
    c=$(basename "$d")
    o=$c
    [ "$c" = systemd ] && o=none,name=systemd
    umount "$d" && mount -t cgroup -o "$o" cgroup "$d"
  else
    rmdir "$d/.rwtest"
  fi
done
mount --make-rshared / || true
# Without `--device /dev/kmsg` kubelet dies ("open /dev/kmsg"); its OOM watcher is fine reading EOF.
[ -e /dev/kmsg ] || ln -sf /dev/null /dev/kmsg
sysctl -qw net.ipv4.ip_forward=1 2>/dev/null || true
sysctl -qw net.bridge.bridge-nf-call-iptables=1 2>/dev/null || true
DEV=$(ip -4 route show default | awk '{print $5; exit}')
NODE_IP=$(ip -4 -o addr show dev "${DEV:-eth0}" | awk '{print $4}' | cut -d/ -f1 | head -1)
log "node $NODE_NAME ip $NODE_IP"

PIDS=()
: >$LOGS/pids
run() { # name cmd...
  local n=$1
  shift
  "$@" >"$LOGS/$n.log" 2>&1 &
  PIDS+=($!)
  echo "$n $!" >>$LOGS/pids
  log "started $n (pid $!)"
}

# containerd first: it needs no certificate, and the lab imports the pods' images into it as soon as
# it answers, while the rest of the node starts.
run containerd containerd --config /etc/containerd/config.toml

# ---------- 2. PKI (openssl, no kubeadm): one CA, serving and client certificates, a SA key pair.
# ECDSA P-256 keys: every Kubernetes component takes them (the SA tokens are then ES256), and each is
# made in milliseconds where an RSA 2048 key takes a quarter of a second of a busy core.
if [ ! -f $PKI/ca.crt ]; then
  cd $PKI
  openssl req -x509 -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -keyout ca.key -out ca.crt -days 3650 \
    -subj "/CN=kubernetes-ca" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,digitalSignature,keyCertSign" 2>/dev/null
  openssl ecparam -name prime256v1 -genkey -noout -out sa.key 2>/dev/null
  openssl ec -in sa.key -pubout -out sa.pub 2>/dev/null
  cert() { # name CN O EKU [extra extension line]
    openssl req -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -keyout "$1.key" -out "$1.csr" -subj "/CN=$2${3:+/O=$3}" 2>/dev/null
    printf "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=%s\n%s\n" \
      "$4" "${5:-}" >"$1.ext"
    openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 -out "$1.crt" \
      -extfile "$1.ext" 2>/dev/null
    rm -f "$1.csr" "$1.ext"
  }
  SANS="DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  SANS="$SANS,DNS:localhost,DNS:$NODE_NAME,DNS:$(hostname),IP:127.0.0.1,IP:10.96.0.1,IP:$NODE_IP"
  for s in ${EXTRA_SANS:-} "${TLS_SANS[@]}"; do SANS="$SANS,$s"; done
  cert apiserver kube-apiserver "" serverAuth "subjectAltName=$SANS"
  cert apiserver-kubelet-client kube-apiserver-kubelet-client system:masters clientAuth
  cert admin kubernetes-admin system:masters clientAuth
  cert kubelet "system:node:$NODE_NAME" system:nodes clientAuth
  # The aggregation layer's own CA (as kubeadm's front-proxy-ca): only its client certificate may tell
  # an extension API server (metrics-server) who the user is, through X-Remote-* headers.
  openssl req -x509 -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -keyout front-proxy-ca.key -out front-proxy-ca.crt -days 3650 \
    -subj "/CN=front-proxy-ca" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,digitalSignature,keyCertSign" 2>/dev/null
  openssl req -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -keyout front-proxy-client.key -out front-proxy-client.csr \
    -subj "/CN=front-proxy-client" 2>/dev/null
  printf "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n" \
    >front-proxy-client.ext
  openssl x509 -req -in front-proxy-client.csr -CA front-proxy-ca.crt -CAkey front-proxy-ca.key -CAcreateserial \
    -days 3650 -out front-proxy-client.crt -extfile front-proxy-client.ext 2>/dev/null
  rm -f front-proxy-client.csr front-proxy-client.ext
  cd /
fi
# Block style with a bare `server:` value: @testcontainers/k3s rewrites it with /server:\s?[:/.\d\w]+/.
kcfg() { # file cert
  cat >"$1" <<KC
apiVersion: v1
kind: Config
clusters:
- name: default
  cluster:
    certificate-authority-data: $(base64 -w0 $PKI/ca.crt)
    server: https://127.0.0.1:6443
users:
- name: default
  user:
    client-certificate-data: $(base64 -w0 "$PKI/$2.crt")
    client-key-data: $(base64 -w0 "$PKI/$2.key")
contexts:
- name: default
  context:
    cluster: default
    user: default
current-context: default
KC
}
kcfg /etc/kubernetes/admin.conf admin
kcfg /etc/kubernetes/kubelet.conf kubelet
cp /etc/kubernetes/admin.conf /etc/rancher/k3s/k3s.yaml
# Readable by anyone in the container, so the host (docker cp, testcontainers) can copy it out.
chmod 644 /etc/kubernetes/admin.conf /etc/rancher/k3s/k3s.yaml
log "pki + kubeconfigs done"

# A component that dies takes the container down with its last log lines: a half-working node that
# reports Ready would make a scenario's failure look like the shop's.
MAINPID=$$
watchdog() {
  while sleep 1; do
    while read -r n p; do
      if ! kill -0 "$p" 2>/dev/null; then
        log "FATAL: $n (pid $p) exited; last log lines:"
        tail -40 "$LOGS/$n.log"
        kill -TERM $MAINPID
        exit 1
      fi
    done <$LOGS/pids
  done
}

# ---------- 3. etcd + control plane
# --unsafe-no-fsync: a test cluster's etcd lives and dies with the container; fsync would only slow it.
run etcd etcd --name node --data-dir /var/lib/etcd --unsafe-no-fsync \
  --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
  --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
  --initial-cluster node=http://127.0.0.1:2380 --listen-metrics-urls http://127.0.0.1:2381
watchdog &
WD=$!
# shellcheck disable=SC2086 # APISERVER_EXTRA_ARGS is a list of flags
run kube-apiserver kube-apiserver --etcd-servers=http://127.0.0.1:2379 \
  --bind-address=0.0.0.0 --secure-port=6443 --advertise-address="$NODE_IP" \
  --service-cluster-ip-range=10.96.0.0/16 --service-node-port-range=30000-32767 \
  --client-ca-file=$PKI/ca.crt --tls-cert-file=$PKI/apiserver.crt --tls-private-key-file=$PKI/apiserver.key \
  --kubelet-client-certificate=$PKI/apiserver-kubelet-client.crt --kubelet-client-key=$PKI/apiserver-kubelet-client.key \
  --kubelet-preferred-address-types=InternalIP,Hostname \
  --service-account-key-file=$PKI/sa.pub --service-account-signing-key-file=$PKI/sa.key \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction \
  --requestheader-client-ca-file=$PKI/front-proxy-ca.crt --requestheader-allowed-names=front-proxy-client \
  --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group \
  --requestheader-extra-headers-prefix=X-Remote-Extra- \
  --proxy-client-cert-file=$PKI/front-proxy-client.crt --proxy-client-key-file=$PKI/front-proxy-client.key \
  --enable-aggregator-routing=true \
  --allow-privileged=true --profiling=false ${APISERVER_EXTRA_ARGS:-}
until kubectl get --raw /readyz >/dev/null 2>&1; do sleep 0.5; done
log "kube-apiserver ready"
# Leader election off: there is one of each, and its lease renewals would only add apiserver load.
run kube-controller-manager kube-controller-manager --kubeconfig=$KUBECONFIG \
  --authentication-kubeconfig=$KUBECONFIG --authorization-kubeconfig=$KUBECONFIG \
  --leader-elect=false --use-service-account-credentials=true \
  --cluster-signing-cert-file=$PKI/ca.crt --cluster-signing-key-file=$PKI/ca.key \
  --root-ca-file=$PKI/ca.crt --service-account-private-key-file=$PKI/sa.key \
  --allocate-node-cidrs=true --cluster-cidr=10.244.0.0/16 --node-cidr-mask-size=24 \
  --service-cluster-ip-range=10.96.0.0/16 --profiling=false
run kube-scheduler kube-scheduler --kubeconfig=$KUBECONFIG \
  --authentication-kubeconfig=$KUBECONFIG --authorization-kubeconfig=$KUBECONFIG \
  --leader-elect=false --profiling=false

# ---------- 4. node: images, kubelet, kube-proxy, CoreDNS
until ctr version >/dev/null 2>&1; do sleep 0.2; done
# There is no registry: every image a pod uses is imported here (or later with `ctr -n k8s.io images import`).
for f in /images/*.tar; do
  if [ -f "$f" ]; then
    ctr -n k8s.io images import "$f" >/dev/null
    log "imported $f"
  fi
done
# shellcheck disable=SC2086 # KUBELET_EXTRA_ARGS is a list of flags
run kubelet kubelet --config=/etc/kubernetes/kubelet-config.yaml --kubeconfig=/etc/kubernetes/kubelet.conf \
  --hostname-override="$NODE_NAME" --node-ip="$NODE_IP" --v=1 ${KUBELET_EXTRA_ARGS:-}
run kube-proxy kube-proxy --config=/etc/kubernetes/kube-proxy-config.yaml --hostname-override="$NODE_NAME"
run coredns coredns -conf /etc/kubernetes/Corefile
# The flags EKS's metrics-server gets (k8s/addons/metrics-server-values.yaml: chart defaults, 15 s
# resolution), except --kubelet-insecure-tls: kubelet's serving certificate here is self-signed.
mkdir -p /var/lib/metrics-server
run metrics-server metrics-server --kubeconfig=$KUBECONFIG \
  --authentication-kubeconfig=$KUBECONFIG --authorization-kubeconfig=$KUBECONFIG \
  --secure-port=4443 --cert-dir=/var/lib/metrics-server --kubelet-insecure-tls \
  --kubelet-preferred-address-types=InternalIP,Hostname --kubelet-use-node-status-port \
  --metric-resolution=15s
# kube-system exists a moment after /readyz: retry the kube-dns Service until it is accepted.
for _ in $(seq 1 60); do
  if sed "s/NODE_IP/$NODE_IP/" /etc/kubernetes/addons/kube-dns.yaml | kubectl apply -f - >/dev/null 2>&1; then
    log "kube-dns Service 10.96.0.10 -> CoreDNS on $NODE_IP"
    break
  fi
  sleep 0.5
done
for _ in $(seq 1 60); do
  if sed "s/NODE_IP/$NODE_IP/" /etc/kubernetes/addons/metrics-server.yaml | kubectl apply -f - >/dev/null 2>&1; then
    log "APIService v1beta1.metrics.k8s.io -> metrics-server on $NODE_IP:4443"
    break
  fi
  sleep 0.5
done

# ---------- 5. wait for Ready
node_ready() {
  [ "$(kubectl get node "$NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" = True ]
}
until node_ready; do sleep 0.5; done
log "node Ready"
# So a report (and a person) can tell what served the pods: this is not K3s.
kubectl annotate node "$NODE_NAME" --overwrite \
  "dev.dhakacart.lab/release=$(head -1 /etc/dhakacart-node-release)" >/dev/null
until kubectl -n default get serviceaccount default >/dev/null 2>&1; do sleep 0.5; done
until timeout 2 bash -c 'exec 3<>/dev/tcp/127.0.0.1/8181; printf "GET /ready HTTP/1.0\r\n\r\n" >&3; head -1 <&3' \
  2>/dev/null | grep -q " 200"; do sleep 0.5; done
log "CoreDNS ready (pods use nameserver 10.244.0.1)"
echo "K8S-NODE-READY after $(ts)s (kubeconfig: /etc/kubernetes/admin.conf, server https://127.0.0.1:6443)"
echo "Node controller sync successful"
wait $WD
