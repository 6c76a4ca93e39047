/**
 * Cancellation of a client request and of each upstream attempt, as plain objects. On Node 20 an
 * AbortSignal costs ~2 µs to create and each listener added and removed ~1.5 µs more (EventTarget), and
 * the non-streaming path needed two of each per request: ~5% of the gateway's CPU per request (measured,
 * docs/gateway.md). A real AbortSignal is made only when a consumer needs one (undici's `pool.request` for
 * streams, a retry's sleep, the in-process providers); the buffered path listens here directly.
 */

export interface CancelListener {
  onCancel(reason: Error): void;
}

export class Cancellation implements CancelListener {
  private cancelReason: Error | undefined;
  /** Usually zero or one: the attempt following a client, or the handler following an attempt. */
  private listeners: CancelListener[] | undefined;
  private controller: AbortController | undefined;

  get cancelled(): boolean {
    return this.cancelReason !== undefined;
  }

  /** Why it was cancelled; undefined until then. */
  get reason(): Error | undefined {
    return this.cancelReason;
  }

  cancel(reason: Error): void {
    if (this.cancelReason !== undefined) return;
    this.cancelReason = reason;
    const listeners = this.listeners;
    this.listeners = undefined;
    if (listeners !== undefined) for (const listener of listeners) listener.onCancel(reason);
    this.controller?.abort(reason);
  }

  /** A Cancellation follows another: cancelling the one it listens to cancels it too. */
  onCancel(reason: Error): void {
    this.cancel(reason);
  }

  /** Called once on cancel; never for a Cancellation already cancelled (check `cancelled` first). */
  listen(listener: CancelListener): void {
    if (this.cancelReason !== undefined) return;
    if (this.listeners === undefined) this.listeners = [listener];
    else this.listeners.push(listener);
  }

  unlisten(listener: CancelListener): void {
    const listeners = this.listeners;
    if (listeners === undefined) return;
    const at = listeners.indexOf(listener);
    if (at >= 0) listeners.splice(at, 1);
  }

  /** An AbortSignal that aborts with this Cancellation (already aborted if it is cancelled); made once. */
  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.cancelReason !== undefined) this.controller.abort(this.cancelReason);
    }
    return this.controller.signal;
  }
}
