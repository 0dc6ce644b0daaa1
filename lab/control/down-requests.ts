/**
 * What `POST /down` (`lab down`) does in this process. `lab up` owns the teardown (ordered, with progress
 * output and its exit code), so it registers a handler here that starts the same stop a Ctrl-C starts;
 * with no handler registered, the control server stops the controller itself. Process-wide like a
 * signal handler, because "stop this lab process" is a process-wide request.
 */
type DownHandler = () => void;
let handler: DownHandler | undefined;

/** Routes down requests to `fn` until the returned function is called. */
export function handleDownRequestsWith(fn: DownHandler): () => void {
  handler = fn;
  return () => {
    if (handler === fn) handler = undefined;
  };
}

export function processDownHandler(): DownHandler | undefined {
  return handler;
}
