import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@shuoshi/db';
import type { Role } from '@shuoshi/protocol';
import { io as connect, type Socket } from 'socket.io-client';
import { issueRoomToken } from '../../src/auth/room-token';

const root = path.resolve(import.meta.dirname, '../../..');

/** One node: a real `signaling/src/main.ts` process of its own. */
export interface ClusterNode {
  name: string;
  url: string;
  child: ChildProcess;
  /** Everything it printed (its log, at LOG_LEVEL). */
  output: string[];
  exited: Promise<number | null>;
}

/**
 * Several nodes of one deployment on this machine (issue #15): each a real server process
 * with its own HTTP and media ports and data directory, sharing one throw-away PostgreSQL
 * database, the machine's Redis and one AUTH_SECRET.
 */
export class Cluster {
  readonly nodes = new Map<string, ClusterNode>();
  readonly secret = crypto.randomBytes(32).toString('base64url');
  private readonly dirs: string[] = [];

  private constructor(
    readonly db: TestDatabase,
    private readonly env: Record<string, string>,
    private readonly nodeArgs: string[],
  ) {}

  /** `nodeArgs`: options for each node's `node` (e.g. `--cpu-prof`, which NODE_OPTIONS refuses). */
  static async create(env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<Cluster> {
    return new Cluster(await createTestDatabase(), env, nodeArgs);
  }

  async start(name: string, env: Record<string, string> = {}): Promise<ClusterNode> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `shuoshi-node-${name}-`));
    this.dirs.push(dataDir);
    const child = spawn(process.execPath, [...this.nodeArgs, '--import', 'tsx', path.join(root, 'signaling/src/main.ts')], {
      cwd: root,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        DATABASE_URL: this.db.url,
        REDIS_URL: process.env.REDIS_URL!,
        AUTH_SECRET: this.secret,
        NODE_ID: name,
        SEED_DEMO: 'false',
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
        MEDIASOUP_PORT: '0',
        MEDIASOUP_NUM_WORKERS: '1',
        MEDIASOUP_LISTEN_IP: '127.0.0.1',
        UPLINK_GUARD: 'off',
        DOWNLINK_WEAK_KBPS: '0',
        ...this.env,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    // CLUSTER_LOG_DIR: every node's output also into a file of its own (a bench's nodes come and go)
    const logDir = process.env.CLUSTER_LOG_DIR;
    if (logDir) {
      fs.mkdirSync(logDir, { recursive: true });
      const file = fs.createWriteStream(path.join(logDir, `${name}-${child.pid}.log`));
      child.stdout!.pipe(file);
      child.stderr!.pipe(file);
    }
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      const seen = (chunk: Buffer) => {
        const text = chunk.toString();
        output.push(text);
        const m = /running: (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
        if (m) resolve(m[1]!);
      };
      child.stdout!.on('data', seen);
      child.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
      void exited.then((code) => reject(new Error(`node ${name} exited (${code}) before it listened:\n${output.join('').slice(-2000)}`)));
    });
    const node = { name, url, child, output, exited };
    this.nodes.set(name, node);
    return node;
  }

  /** The deployment's key prefix in Redis (server.ts deploymentNamespace: from the shared database's URL). */
  get keys(): string {
    return `shuoshi:${crypto.createHash('sha256').update(this.db.url).digest('hex').slice(0, 12)}`;
  }

  /** Waits until every node's pages may connect to every other node (their connect-src names them all). */
  async allKnowEachOther(withinMs = 30_000): Promise<void> {
    const until = Date.now() + withinMs;
    const urls = [...this.nodes.values()].map((n) => n.url);
    for (const n of this.nodes.values()) {
      for (;;) {
        const csp = (await fetch(`${n.url}/`)).headers.get('content-security-policy') ?? '';
        if (urls.every((u) => csp.includes(u))) break;
        if (Date.now() > until) throw new Error(`node ${n.name} does not name every node in connect-src: ${csp}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  node(name: string): ClusterNode {
    return this.nodes.get(name)!;
  }

  /** Which node's address answers for `url`. */
  nameOf(url: string): string | undefined {
    return [...this.nodes.values()].find((n) => n.url === url)?.name;
  }

  /** Starts a node that stopped again, on its old address (pages already open may reach it). */
  restart(name: string): Promise<ClusterNode> {
    return this.start(name, { PORT: new URL(this.node(name).url).port });
  }

  /** No goodbye: the process is killed. */
  async kill(name: string): Promise<void> {
    const n = this.node(name);
    n.child.kill('SIGKILL');
    await n.exited;
  }

  /** An operator's stop (an upgrade): SIGTERM, and the node drains before it exits. */
  async terminate(name: string): Promise<number | null> {
    const n = this.node(name);
    n.child.kill('SIGTERM');
    return n.exited;
  }

  async token(roomId: string, role: Role, displayName: string, peerId: string, opts: { autoAdmit?: boolean } = {}): Promise<string> {
    return (await issueRoomToken(this.secret, { roomId, role, displayName, peerId, autoAdmit: opts.autoAdmit ?? true })).token;
  }

  async stop(): Promise<void> {
    for (const n of this.nodes.values()) if (n.child.exitCode === null && n.child.signalCode === null) n.child.kill('SIGKILL');
    await Promise.all([...this.nodes.values()].map((n) => n.exited));
    await this.db.drop();
    for (const d of this.dirs) fs.rmSync(d, { recursive: true, force: true });
  }
}

/**
 * A seat's client as the web client behaves (web/src/room/signal.ts): it starts at its home
 * node, follows ROOM_ELSEWHERE to the node hosting the room, and after losing that node
 * comes back through home and resumes.
 */
export class NodeClient {
  socket!: Socket;
  url = '';
  readonly events: Array<{ event: string; payload: any }> = [];
  resumeToken = '';
  seat: any;

  /** `home`: where it comes back through after losing its node (a load balancer's choice, fixed here). */
  constructor(public home: string) {}

  private open(url: string): Promise<void> {
    this.socket?.removeAllListeners();
    this.socket?.close();
    this.url = url;
    this.socket = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: 3_000 });
    this.socket.onAny((event: string, payload: unknown) => this.events.push({ event, payload }));
    return new Promise((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', (err) => reject(err));
    });
  }

  request(name: string, payload: unknown = {}): Promise<any> {
    return this.socket.timeout(15_000).emitWithAck(name, payload);
  }

  /** `join` or `resume` from home, following ROOM_ELSEWHERE; retried (within `withinMs`) while the room is between nodes. */
  async seatBy(name: 'join' | 'resume', payload: unknown, withinMs = 30_000): Promise<any> {
    const until = Date.now() + withinMs;
    let url = this.home;
    let last: unknown;
    while (Date.now() < until) {
      try {
        if (this.url !== url || !this.socket?.connected) await this.open(url);
        const ack = await this.request(name, payload);
        if (ack.ok) {
          this.resumeToken = ack.resumeToken;
          this.seat = ack;
          return ack;
        }
        last = ack.error;
        if (ack.error.code === 'ROOM_ELSEWHERE') {
          url = ack.error.moveTo;
          continue;
        }
        if (ack.error.code !== 'ROOM_UNAVAILABLE') return ack;
      } catch (err) {
        last = err; // that node is gone: back home
      }
      url = this.home;
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error(`${name} did not succeed in ${withinMs} ms: ${JSON.stringify(last)}`);
  }

  close(): void {
    this.socket?.removeAllListeners();
    this.socket?.close();
  }
}
