import {
  KubernetesObjectApi,
  PatchStrategy,
  type KubeConfig,
  type KubernetesObject,
} from '@kubernetes/client-node';

/** The field manager the lab's server-side applies are recorded under (`kubectl get -o yaml --show-managed-fields`). */
export const fieldManager = 'dhakacart-lab';

/**
 * Server-side apply, object by object in the order given (namespaces before what lives in them), as
 * `kubectl apply --server-side --force-conflicts` does: the API server merges and owns the fields, so
 * applying the same objects twice changes nothing. Errors name the object.
 */
export async function applyObjects(
  kubeconfig: KubeConfig,
  objects: readonly KubernetesObject[],
): Promise<void> {
  const api = KubernetesObjectApi.makeApiClient(kubeconfig);
  for (const object of objects) {
    try {
      await api.patch(object, undefined, undefined, fieldManager, true, PatchStrategy.ServerSideApply);
    } catch (error) {
      const body = (error as { body?: unknown }).body;
      const detail = typeof body === 'string' ? body : JSON.stringify(body ?? (error as Error).message);
      throw new Error(
        `applying ${object.kind} ${object.metadata?.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata?.name} failed: ${detail}`,
        { cause: error },
      );
    }
  }
}
