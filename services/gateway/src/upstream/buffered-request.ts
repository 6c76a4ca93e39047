/**
 * A whole-body upstream request (non-streaming answers) straight on undici's dispatch API: no body stream,
 * no async iteration, no per-request AsyncResource, the chunks joined once. `pool.request` is kept for
 * streams, whose body is read as it arrives.
 */
import type { Dispatcher } from "undici";
import type { CancelListener, Cancellation } from "../core/cancellation";

export interface BufferedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body as UTF-8 text. */
  readonly text: string;
  /** Body bytes received. */
  readonly bytes: number;
}

/**
 * Collects one response. Aborted by `cancel` (rejecting with its reason, as `pool.request` does with a
 * signal's) and by a body over `limitBytes`. An object with methods, one per request: no closures.
 */
export class BufferingHandler implements Dispatcher.DispatchHandler, CancelListener {
  private controller: Dispatcher.DispatchController | undefined;
  private status = 0;
  private headers: Record<string, string | string[] | undefined> = {};
  private readonly chunks: Buffer[] = [];
  private bytes = 0;

  constructor(
    private readonly cancel: Cancellation,
    private readonly limitBytes: number,
    private readonly resolve: (response: BufferedResponse) => void,
    private readonly reject: (err: unknown) => void,
  ) {
    cancel.listen(this);
  }

  onCancel(reason: Error): void {
    this.controller?.abort(reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.cancel.reason !== undefined) controller.abort(this.cancel.reason);
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
    this.cancel.unlisten(this);
    const text =
      this.chunks.length === 1
        ? (this.chunks[0] as Buffer).toString("utf8")
        : Buffer.concat(this.chunks, this.bytes).toString("utf8");
    this.resolve({ status: this.status, headers: this.headers, text, bytes: this.bytes });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.cancel.unlisten(this);
    this.reject(error);
  }
}
