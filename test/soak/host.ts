/** The runner's side of the simulator host: a child process answering requests over IPC. */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { HostRequest } from './profile.js';

const HOST_SCRIPT = fileURLToPath(new URL('./sim-host.ts', import.meta.url));

export class SimHost {
  readonly #child: ChildProcess;
  readonly #pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  #next = 1;
  readonly ready: Promise<void>;

  constructor() {
    // The runner's loader flags (tsx) and --expose-gc carry over to the child.
    this.#child = fork(HOST_SCRIPT, [], {
      execArgv: process.execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.ready = new Promise((resolve, reject) => {
      this.#pending.set(0, { resolve: () => resolve(), reject });
    });
    this.#child.on('message', (raw) => {
      const { id, result, error } = raw as { id: number; result?: unknown; error?: string };
      const waiter = this.#pending.get(id);
      if (waiter === undefined) return;
      this.#pending.delete(id);
      if (error === undefined) waiter.resolve(result);
      else waiter.reject(new Error(`simulator host: ${error}`));
    });
    this.#child.on('exit', (code, signal) => {
      for (const waiter of this.#pending.values()) {
        waiter.reject(new Error(`simulator host exited (code ${code}, signal ${signal})`));
      }
      this.#pending.clear();
    });
  }

  async request<T>(request: HostRequest): Promise<T> {
    await this.ready;
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: (value) => resolve(value as T), reject });
      this.#child.send({ id, request });
    });
  }

  /** Closes the simulator and waits for the child to exit. */
  async stop(): Promise<void> {
    try {
      await this.request({ type: 'close' });
    } finally {
      if (this.#child.exitCode === null && this.#child.signalCode === null) {
        const exited = new Promise((resolve) => this.#child.once('exit', resolve));
        this.#child.disconnect();
        await exited;
      }
    }
  }
}
