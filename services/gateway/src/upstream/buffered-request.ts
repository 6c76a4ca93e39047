/**
 * A whole-body upstream request (non-streaming answers) straight on undici's dispatch API: no body stream,
 * no async iteration, no per-request AsyncResource, the chunks joined once. `pool.request` is kept for
 * streams, whose body is read as it arrives.
 */
import type { Dispatcher } from "undici";

export interface BufferedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body as UTF-8 text. */
  readonly text: string;
  /** Body bytes received. */
  readonly bytes: number;
}

/**
 * Collects one response. Aborted by `signal` (rejecting with its reason, as `pool.request` does) and by
 * a body over `limitBytes`. An object with methods, one per request: no closures.
 */
export class BufferingHandler implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private status = 0;
  private headers: Record<string, string | string[] | undefined> = {};
  private readonly chunks: Buffer[] = [];
  private bytes = 0;

  constructor(
    private readonly signal: AbortSignal,
    private readonly limitBytes: number,
    private readonly resolve: (response: BufferedResponse) => void,
    private readonly reject: (err: unknown) => void,
  ) {
    signal.addEventListener("abort", this, { once: true });
  }

  /** The signal's abort listener. */
  handleEvent(): void {
    this.controller?.abort(this.signal.reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.signal.aborted) controller.abort(this.signal.reason);
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    this.status = statusCode;
    this.headers = headers;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limitBytes) {
      controller.abort(new Error(`upstream body larger than ${this.limitBytes} bytes`));
      return;
    }
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    this.signal.removeEventListener("abort", this);
    const text =
      this.chunks.length === 1
        ? (this.chunks[0] as Buffer).toString("utf8")
        : Buffer.concat(this.chunks, this.bytes).toString("utf8");
    this.resolve({ status: this.status, headers: this.headers, text, bytes: this.bytes });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.signal.removeEventListener("abort", this);
    this.reject(error);
  }
}
