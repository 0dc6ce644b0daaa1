// etcd, the cluster's store, built in the same module as Kubernetes so it uses the very etcd
// version (3.6.4) and dependency graph that Kubernetes 1.34.2 is built and tested against.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
