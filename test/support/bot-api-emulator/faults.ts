// Injected faults: make the next matching calls fail or answer slowly, to test
// retries, flood-wait handling and timeouts without a real Telegram outage.
import { ApiError, defaultFaultDescription } from "./errors.js";
import type { FaultSpec } from "./types.js";

export interface ActiveFault {
  error?: ApiError;
  delayMs?: number;
}

export class FaultInjector {
  private readonly queue: Array<FaultSpec & { left: number }> = [];

  add(spec: FaultSpec): void {
    this.queue.push({ ...spec, left: spec.times ?? 1 });
  }

  /**
   * Consumes the first fault matching this call. A fault without a method
   * skips getUpdates: a polling bot would otherwise swallow it at random.
   */
  take(method: string): ActiveFault | undefined {
    const m = method.toLowerCase();
    const i = this.queue.findIndex((f) => (f.method === undefined ? m !== "getupdates" : f.method.toLowerCase() === m));
    const fault = this.queue[i];
    if (!fault) return undefined;
    if (--fault.left <= 0) this.queue.splice(i, 1);

    const error =
      fault.errorCode === undefined
        ? undefined
        : new ApiError(
            fault.errorCode,
            fault.description ?? defaultFaultDescription(fault.errorCode, fault.retryAfter),
            fault.retryAfter !== undefined ? { retry_after: fault.retryAfter } : undefined,
          );
    return {
      ...(error ? { error } : {}),
      ...(fault.delayMs !== undefined ? { delayMs: fault.delayMs } : {}),
    };
  }

  pending(): number {
    return this.queue.reduce((n, f) => n + f.left, 0);
  }
}
