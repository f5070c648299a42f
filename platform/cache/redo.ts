/**
 * Work on the store that must happen eventually (dropping invalidated
 * entries): tried now, and when the store could not take it, tried again
 * every `retryMs` until it succeeds, in order. Nothing is lost to an outage
 * or a lone timeout; stale entries live at most until the store answers.
 */
export function redoUntilDone(retryMs = 1000) {
  const queue: (() => Promise<boolean>)[] = [];
  let timer: NodeJS.Timeout | undefined;

  const drain = async () => {
    timer = undefined;
    while (queue.length) {
      if (!(await queue[0]())) return schedule();
      queue.shift();
    }
  };
  const schedule = () => {
    timer ??= setTimeout(() => void drain(), retryMs);
    timer.unref();
  };

  return {
    /** Resolves true when done now, false when queued for later. */
    async run(work: () => Promise<boolean>): Promise<boolean> {
      if (queue.length === 0 && (await work())) return true;
      queue.push(work);
      schedule();
      return false;
    },
    get pending() {
      return queue.length;
    },
    stop() {
      clearTimeout(timer);
    },
  };
}
