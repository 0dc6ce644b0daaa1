/** The k3s profile's toxiproxy-server container and its proxies (each a ToxicLink). */
export {
  databaseProxySpec,
  startToxiproxyContainer,
  toxiproxyApiPort,
  type StartedToxiproxyContainer,
  type ToxiproxyContainerOptions,
} from './toxiproxy-container.js';
export { ContainerProxy } from './container-proxy.js';
