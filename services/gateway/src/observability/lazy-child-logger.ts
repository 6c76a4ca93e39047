/**
 * A per-request logger that becomes a real pino child only when something is logged. Fastify makes one
 * child logger per request (bindings, redaction setup, a prototype chain); most requests log at most one
 * line, and at `warn` none, so the child is built on first use instead of up front.
 */
import type { FastifyBaseLogger } from "fastify";
import type { Bindings, ChildLoggerOptions } from "pino";

type LogMethod = (...args: unknown[]) => void;

export class LazyChildLogger {
  private real: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  /** The child's level is the parent's until the child exists. */
  get level(): string {
    return this.real?.level ?? this.parent.level;
  }

  set level(level: string) {
    this.logger().level = level;
  }

  fatal(...args: unknown[]): void {
    (this.logger().fatal as LogMethod)(...args);
  }
  error(...args: unknown[]): void {
    (this.logger().error as LogMethod)(...args);
  }
  warn(...args: unknown[]): void {
    (this.logger().warn as LogMethod)(...args);
  }
  info(...args: unknown[]): void {
    (this.logger().info as LogMethod)(...args);
  }
  debug(...args: unknown[]): void {
    (this.logger().debug as LogMethod)(...args);
  }
  trace(...args: unknown[]): void {
    (this.logger().trace as LogMethod)(...args);
  }
  silent(...args: unknown[]): void {
    (this.logger().silent as LogMethod)(...args);
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.logger().child(bindings, options);
  }

  private logger(): FastifyBaseLogger {
    this.real ??= this.parent.child(this.bindings, this.options);
    return this.real;
  }
}

/** For fastify's `childLoggerFactory` option. */
export const lazyChildLoggerFactory = (
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
): FastifyBaseLogger =>
  // structurally a FastifyBaseLogger; its log methods take pino's overloads as plain rest arguments
  new LazyChildLogger(logger, bindings, options) as unknown as FastifyBaseLogger;
