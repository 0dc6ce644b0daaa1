/** What the running topology reports as it happens (LocalTopologyOptions.onEvent): pod and database events. */
export interface LabEvent {
  type: string;
  /** Epoch ms. */
  at: number;
  [key: string]: unknown;
}
