/**
 * Samples of the runner's own resources: resident memory, the active handles Node reports
 * (`process.getActiveResourcesInfo()`), and the sockets open in this process (`socket:` links in
 * /proc/self/fd). The simulator runs in a child process, so these are the clients' alone (plus the
 * one IPC channel to the child, present from the baseline on).
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface ResourceSample {
  label: string;
  /** Calls completed when sampled. */
  completed: number;
  rssMb: number;
  heapMb: number;
  /** Active resources by type (`TCPSocketWrap`, `Timeout`, …). */
  handles: Record<string, number>;
  handleTotal: number;
  sockets: number;
  /** This process's TCP sockets by state (`ESTABLISHED`, `CLOSE_WAIT`…), from /proc/net/tcp. */
  tcpStates: Record<string, number>;
}

const gc = (globalThis as { gc?: () => void }).gc;

export function sample(label: string, completed: number): ResourceSample {
  gc?.();
  const memory = process.memoryUsage();
  const handles: Record<string, number> = {};
  let handleTotal = 0;
  for (const type of process.getActiveResourcesInfo()) {
    handles[type] = (handles[type] ?? 0) + 1;
    handleTotal += 1;
  }
  return {
    label,
    completed,
    rssMb: memory.rss / 2 ** 20,
    heapMb: memory.heapUsed / 2 ** 20,
    handles,
    handleTotal,
    ...socketsByState(),
  };
}

const TCP_STATES: Record<string, string> = {
  '01': 'ESTABLISHED',
  '02': 'SYN_SENT',
  '03': 'SYN_RECV',
  '04': 'FIN_WAIT1',
  '05': 'FIN_WAIT2',
  '06': 'TIME_WAIT',
  '07': 'CLOSE',
  '08': 'CLOSE_WAIT',
  '09': 'LAST_ACK',
  '0A': 'LISTEN',
  '0B': 'CLOSING',
};

/** The `socket:` links of /proc/self/fd, and the TCP ones among them by state. */
function socketsByState(): { sockets: number; tcpStates: Record<string, number> } {
  const inodes = socketInodes();
  const tcpStates: Record<string, number> = {};
  for (const table of ['/proc/self/net/tcp', '/proc/self/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'latin1');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const state = fields[3];
      const inode = fields[9];
      if (state === undefined || inode === undefined || !inodes.has(inode)) continue;
      const name = TCP_STATES[state] ?? state;
      tcpStates[name] = (tcpStates[name] ?? 0) + 1;
    }
  }
  return { sockets: inodes.size, tcpStates };
}

function socketInodes(): Set<string> {
  const inodes = new Set<string>();
  let entries: string[];
  try {
    entries = readdirSync('/proc/self/fd');
  } catch {
    return inodes;
  }
  for (const fd of entries) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (match?.[1] !== undefined) inodes.add(match[1]);
    } catch {
      // Closed between the listing and the read (the listing's own descriptor, for one).
    }
  }
  return inodes;
}

export const hasGc = gc !== undefined;

export function formatHandles(handles: Record<string, number>): string {
  return Object.entries(handles)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, count]) => `${type} ${count}`)
    .join(', ');
}
