import { describe, expect, it } from 'vitest';
import { podsToDelete, recreateStep, resolveFenceposts, rollingUpdateStep } from './rolling-update.js';

const surge1 = { type: 'RollingUpdate', maxSurge: 1, maxUnavailable: 0 } as const;

describe('rollingUpdateStep (Deployment RollingUpdate arithmetic)', () => {
  it('adds one new pod at a time with maxSurge 1 and maxUnavailable 0', () => {
    const step = rollingUpdateStep({
      desired: 3,
      strategy: surge1,
      newRS: { replicas: 0, available: 0 },
      oldRSs: [{ replicas: 3, available: 3 }],
    });
    expect(step).toEqual({ newReplicas: 1, oldReplicas: [3] });
  });

  it('removes an old pod only once a new one is available', () => {
    const waiting = rollingUpdateStep({
      desired: 3,
      strategy: surge1,
      newRS: { replicas: 1, available: 0 },
      oldRSs: [{ replicas: 3, available: 3 }],
    });
    expect(waiting).toEqual({ newReplicas: 1, oldReplicas: [3] });
    const available = rollingUpdateStep({
      desired: 3,
      strategy: surge1,
      newRS: { replicas: 1, available: 1 },
      oldRSs: [{ replicas: 3, available: 3 }],
    });
    expect(available).toEqual({ newReplicas: 1, oldReplicas: [2] });
  });

  it('removes old pods that are not available first, without waiting for new ones', () => {
    const step = rollingUpdateStep({
      desired: 3,
      strategy: { type: 'RollingUpdate', maxSurge: 1, maxUnavailable: 1 },
      newRS: { replicas: 1, available: 0 },
      oldRSs: [{ replicas: 3, available: 1 }],
    });
    // allPods 4 - minAvailable 2 - new unavailable 1 = 1 may go: one of the two unhealthy old pods.
    expect(step).toEqual({ newReplicas: 1, oldReplicas: [2] });
  });

  it('scales older ReplicaSets down first', () => {
    const step = rollingUpdateStep({
      desired: 2,
      strategy: { type: 'RollingUpdate', maxSurge: 0, maxUnavailable: 2 },
      newRS: { replicas: 0, available: 0 },
      oldRSs: [
        { replicas: 1, available: 1 },
        { replicas: 1, available: 1 },
      ],
    });
    expect(step).toEqual({ newReplicas: 0, oldReplicas: [0, 0] });
  });

  it('lets one pod be unavailable when maxSurge and maxUnavailable are both 0', () => {
    expect(resolveFenceposts({ type: 'RollingUpdate', maxSurge: 0, maxUnavailable: 0 }, 3)).toEqual({
      maxSurge: 0,
      maxUnavailable: 1,
    });
  });

  it('scales the new ReplicaSet to replicas when nothing old is left', () => {
    const step = rollingUpdateStep({
      desired: 5,
      strategy: surge1,
      newRS: { replicas: 3, available: 3 },
      oldRSs: [],
    });
    expect(step).toEqual({ newReplicas: 5, oldReplicas: [] });
  });
});

describe('recreateStep (Deployment Recreate)', () => {
  it('scales every old ReplicaSet to 0 and starts new pods only when no old pod is left', () => {
    const args = {
      desired: 2,
      newRS: { replicas: 0, available: 0 },
      oldRSs: [{ replicas: 2, available: 2 }],
    };
    expect(recreateStep({ ...args, oldPodsLeft: true })).toEqual({ newReplicas: 0, oldReplicas: [0] });
    expect(recreateStep({ ...args, oldPodsLeft: false })).toEqual({ newReplicas: 2, oldReplicas: [0] });
  });
});

describe('podsToDelete (ReplicaSet scale-down order)', () => {
  it('deletes pods not running, then not ready, then ready for less time, then with more restarts, then newer', () => {
    const pods = [
      { id: 'old-ready', running: true, ready: true, readySince: 100, restarts: 0, createdAt: 1 },
      { id: 'recently-ready', running: true, ready: true, readySince: 500, restarts: 0, createdAt: 2 },
      { id: 'not-ready', running: true, ready: false, restarts: 0, createdAt: 3 },
      { id: 'backing-off', running: false, ready: false, restarts: 4, createdAt: 4 },
      { id: 'old-ready-restarted', running: true, ready: true, readySince: 100, restarts: 2, createdAt: 5 },
    ];
    expect(podsToDelete(pods, 5).map((p) => p.id)).toEqual([
      'backing-off',
      'not-ready',
      'recently-ready',
      'old-ready-restarted',
      'old-ready',
    ]);
    expect(podsToDelete(pods, 0)).toEqual([]);
  });
});
