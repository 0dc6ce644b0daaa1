import { Router } from 'express';

/**
 * Test-only routes, mounted only when LAB_TEST_ROUTES=1 (never by default): `GET /__test/slow?ms=`
 * answers after `ms` milliseconds (at most 30 000), so shutdown tests have an in-flight request to
 * wait for.
 */
export function createTestRoutes(): Router {
  const router = Router();
  router.get('/__test/slow', async (req, res) => {
    const ms = Math.min(Math.max(Number(req.query.ms) || 1000, 0), 30_000);
    await new Promise((r) => setTimeout(r, ms));
    res.json({ sleptMs: ms });
  });
  return router;
}
