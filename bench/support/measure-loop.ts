export interface LoopMeasurement {
  /** Operations completed in the measured window, over all callers. */
  ops: number;
  seconds: number;
  /** Operations per second over all callers. */
  rate: number;
  /** Milliseconds per operation, every operation of the measured window. */
  latencies: number[];
}

/**
 * Runs `op` in `callers` concurrent loops (each awaiting its last call before the next) for a
 * warm-up that is not counted (default 0.5–1 s, so the JIT has settled), then for `seconds`; reports the rate and each call's latency.
 * `op` gets the caller's index, so each caller can work on its own data.
 */
export async function measureLoop(op: (caller: number) => Promise<unknown>, options: { seconds: number; callers?: number; warmupSeconds?: number }): Promise<LoopMeasurement> {
  const callers = options.callers ?? 1;
  const latencies: number[] = [];
  let measuring = false;
  let stopAt = performance.now() + (options.warmupSeconds ?? Math.max(0.5, Math.min(1, options.seconds / 5))) * 1000;
  const loop = async (caller: number) => {
    while (performance.now() < stopAt) {
      const began = performance.now();
      await op(caller);
      if (measuring) latencies.push(performance.now() - began);
    }
  };
  const all = () => Promise.all(Array.from({ length: callers }, (_, i) => loop(i)));
  await all();
  measuring = true;
  const began = performance.now();
  stopAt = began + options.seconds * 1000;
  await all();
  const seconds = (performance.now() - began) / 1000;
  return { ops: latencies.length, seconds, rate: latencies.length / seconds, latencies };
}
