/**
 * What testcontainers must be told before its first call on these hosts, set once by everything in
 * the lab that starts containers with it (the caller's own values win):
 * - TESTCONTAINERS_RYUK_DISABLED: its reaper (Ryuk) is an image from Docker Hub, which cannot be pulled;
 *   the lab removes its own containers, volumes and networks by their run labels instead.
 * - TESTCONTAINERS_HOST_OVERRIDE: the lab publishes every port on 127.0.0.1 only. Where /.dockerenv
 *   exists (a host that is itself a container), testcontainers would otherwise reach the published
 *   ports through the bridge gateway (172.17.0.1), where nothing listens, and its port waits time out.
 */
export function configureTestcontainers(): void {
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  process.env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1';
}
