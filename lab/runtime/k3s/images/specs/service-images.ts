import { folderImage } from './folder-image.js';

/** The containers beside the node: each is Debian's own package (or the lab's files) on the base image. */

export const postgres = folderImage({
  name: 'postgres',
  description:
    "Debian's PostgreSQL 15 with an entrypoint that honours the official postgres image's contract",
  folder: 'postgres',
  baseImage: 'base',
  // Written by the database part of the lab (its semantics: POSTGRES_USER/PASSWORD/DB, PGDATA, ...).
  requiredFiles: ['docker-entrypoint.sh'],
});

export const prometheus = folderImage({
  name: 'prometheus',
  description: "Debian's Prometheus 2.42 (the lab mounts k8s/monitoring's rules)",
  folder: 'prometheus',
  baseImage: 'base',
});
