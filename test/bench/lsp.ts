// A minimal LSP client over stdio, built for measuring: it stamps every message from the server
// with the time it was fully received and answers the server's requests (configuration from a
// fixed settings object).
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync, type WriteStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { killGroup, spawnGroup } from './processes';

export interface Launch {
  command: string;
  args: string[];
  cwd: string;
}

export interface Received<T> {
  value: T;
  /** performance.now() when the message had been read completely. */
  at: number;
}

export type Settings = { [key: string]: unknown };

interface Waiter {
  method: string;
  accept: (params: any) => boolean;
  resolve: (r: Received<any>) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/** The value of a configuration section: a literal key (`[yaml]`) or a dotted path (`mlmodel.validation`). */
function section(settings: Settings, name: string | undefined): unknown {
  if (!name) return settings;
  if (name in settings) return settings[name];
  let value: unknown = settings;
  for (const part of name.split('.')) {
    if (value === null || typeof value !== 'object') return null;
    value = (value as Settings)[part];
  }
  return value ?? null;
}

export class LspServer {
  readonly spawnedAt: number;
  private readonly child: ChildProcess;
  private nextId = 1;
  private buffer: Buffer = Buffer.alloc(0);
  private readonly pending = new Map<number, { method: string; resolve: (r: Received<any>) => void; reject: (e: Error) => void }>();
  private waiters: Waiter[] = [];
  private readonly log: WriteStream;
  private exited = false;

  constructor(launch: Launch, private readonly settings: Settings, logFile: string) {
    this.log = createWriteStream(logFile, { flags: 'a' });
    this.spawnedAt = performance.now();
    this.child = spawnGroup(launch.command, launch.args, launch.cwd);
    this.child.stdout!.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr!.on('data', (chunk: Buffer) => this.log.write(chunk));
    this.child.stdin!.on('error', () => undefined);
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      const error = new Error(`server exited (code ${code}, signal ${signal}); see ${logFile}`);
      for (const p of this.pending.values()) p.reject(error);
      for (const w of this.waiters) w.reject(error);
      this.pending.clear();
      this.waiters = [];
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  request<T>(method: string, params: unknown, timeoutMs = 120_000): Promise<Received<T>> {
    const id = this.nextId++;
    return new Promise<Received<T>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no answer in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        method,
        resolve: (r) => (clearTimeout(timer), resolve(r)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  /** Sends a notification; returns performance.now() taken just before writing it. */
  notify(method: string, params: unknown): number {
    const at = performance.now();
    this.send({ jsonrpc: '2.0', method, params });
    return at;
  }

  /** The next notification `method` whose params satisfy `accept`. Register before sending its cause. */
  next<T>(method: string, accept: (params: T) => boolean, timeoutMs = 120_000): Promise<Received<T>> {
    return new Promise<Received<T>>((resolve, reject) => {
      if (this.exited) return reject(new Error('server has exited'));
      const waiter: Waiter = {
        method,
        accept,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          reject(new Error(`no ${method} in ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** Peak resident set (VmHWM) of the server and its descendants, in bytes. */
  peakRss(): number {
    return processTree(this.pid).reduce((sum, pid) => sum + statusKb(pid, 'VmHWM') * 1024, 0);
  }

  async shutdown(): Promise<void> {
    try {
      if (!this.exited) {
        await this.request('shutdown', null, 5_000);
        this.notify('exit', null);
        await new Promise<void>((resolve) => {
          if (this.exited) return resolve();
          const timer = setTimeout(resolve, 2_000);
          this.child.once('exit', () => (clearTimeout(timer), resolve()));
        });
      }
    } catch {
      // a server that cannot shut down is killed below
    } finally {
      this.kill();
    }
  }

  kill(): void {
    killGroup(this.child);
    this.log.end();
  }

  private send(message: object): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin!.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin!.write(body);
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: *(\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (!Number.isFinite(length)) throw new Error('LSP message without Content-Length');
      const start = headerEnd + 4;
      if (this.buffer.length < start + length) return;
      const message = JSON.parse(this.buffer.subarray(start, start + length).toString('utf8'));
      this.buffer = this.buffer.subarray(start + length);
      this.dispatch(message, performance.now());
    }
  }

  private dispatch(message: any, at: number): void {
    if (message.id !== undefined && message.method === undefined) {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (message.error) pending.reject(new Error(`${pending.method}: ${message.error.message}`));
      else pending.resolve({ value: message.result, at });
    } else if (message.id !== undefined) {
      this.send({ jsonrpc: '2.0', id: message.id, result: this.answer(message.method, message.params) });
    } else {
      if (message.method === 'window/logMessage') this.log.write(`[log] ${message.params.message}\n`);
      const waiter = this.waiters.find((w) => w.method === message.method && w.accept(message.params));
      if (waiter) {
        clearTimeout(waiter.timer);
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve({ value: message.params, at });
      }
    }
  }

  private answer(method: string, params: any): unknown {
    switch (method) {
      case 'workspace/configuration':
        return (params.items as { section?: string }[]).map((item) => section(this.settings, item.section) ?? null);
      case 'workspace/workspaceFolders':
        return [];
      default:
        // client/registerCapability, window/workDoneProgress/create, ...: acknowledged, nothing to do
        return null;
    }
  }
}

function statusKb(pid: number, field: string): number {
  try {
    const match = new RegExp(`^${field}:\\s*(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** `root` and every process below it. */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // exited while listing
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]) ?? []));
  return tree;
}
