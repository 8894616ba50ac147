/**
 * A village link for tests (issue #16): a network namespace joined to this host by a
 * veth pair with addresses of its own, in which a Chromium (the kiosk) runs. The kiosk's
 * uplink is limited with `tc tbf` on the namespace's end; loss is random drops in an
 * nftables netdev *ingress* table at the receiving end (the host's end of the pair: a
 * drop in the sender's own output hook only returns an error to the sender, which
 * resends, so it emulates nothing). An outage drops everything at both ends. This
 * kernel has no netem, so there is no added delay or jitter.
 *
 * Needs root, `ip`, `tc` with tbf and `nft` (infra/scripts/setup.mjs installs iproute2
 * and nftables for tests). `shapingUnavailable()` says why not, for a printed skip.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS } from './browser';
import { guardAgainstErrorCodes } from './code-guard';

function sh(cmd: string, args: string[], input?: string): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], ...(input === undefined ? {} : { input }) });
}
const ok = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;

/** Why this machine cannot shape a link (undefined: it can). */
export function shapingUnavailable(): string | undefined {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return 'not root: creating network namespaces, tc and nft need root';
  for (const tool of ['ip', 'tc', 'nft']) if (!ok('sh', ['-c', `command -v ${tool}`])) return `no \`${tool}\` (apt-get install iproute2 nftables)`;
  // veth, tbf and a netdev ingress table, tried on a throw-away pair
  const dev = `wkprobe${process.pid % 10000}`;
  try {
    sh('ip', ['link', 'add', dev, 'type', 'veth', 'peer', 'name', `${dev}b`]);
    try {
      sh('tc', ['qdisc', 'add', 'dev', dev, 'root', 'tbf', 'rate', '100kbit', 'burst', '4kb', 'latency', '200ms']);
    } catch (err) {
      return `tc tbf does not work here: ${(err as Error).message.split('\n')[0]}`;
    }
    try {
      sh('nft', ['-f', '-'], `table netdev ${dev} {\n chain ingress {\n  type filter hook ingress device "${dev}" priority 0; policy accept;\n  numgen random mod 1000 < 100 drop\n }\n}\n`);
    } catch (err) {
      return `nft netdev ingress tables do not work here: ${(err as Error).message.split('\n')[0]}`;
    } finally {
      spawnSync('nft', ['delete', 'table', 'netdev', dev], { stdio: 'ignore' });
    }
    return undefined;
  } catch (err) {
    return `cannot create links: ${(err as Error).message.split('\n')[0]}`;
  } finally {
    spawnSync('ip', ['link', 'del', dev], { stdio: 'ignore' });
  }
}

export interface Shape {
  /** Uplink (namespace → host) rate limit in kbit/s; undefined: none. */
  uplinkKbit?: number | undefined;
  /** Random loss of the uplink, in percent (at the host's ingress). */
  uplinkLossPct?: number | undefined;
  /** Downlink (host → namespace) rate limit in kbit/s, on the host's end of the pair; undefined: none. */
  downlinkKbit?: number | undefined;
}

let seq = 0;

export class VillageLink {
  private wrapperPath: string | undefined;
  private closed = false;

  private constructor(
    readonly ns: string,
    /** The host's end of the pair (the server listens here). */
    readonly hostDev: string,
    /** The namespace's end. */
    readonly nsDev: string,
    readonly hostIp: string,
    readonly nsIp: string,
    private readonly table: string,
  ) {}

  /** Creates the namespace and the pair; call close() (also on failure paths). */
  static create(): VillageLink {
    const n = `${process.pid % 10000}${seq++}`;
    // a /30 of its own in 10.213.0.0/16, picked from the pid so parallel engineers do not meet
    const block = ((process.pid * 7 + seq * 13) % 16000) * 4;
    const base = `10.213.${Math.floor(block / 256) % 256}`;
    const last = block % 256;
    const link = new VillageLink(`shuoshi-village-${n}`, `wkh${n}`, `wkn${n}`, `${base}.${last + 1}`, `${base}.${last + 2}`, `shuoshi_village_${n}`);
    try {
      sh('ip', ['netns', 'add', link.ns]);
      sh('ip', ['link', 'add', link.hostDev, 'type', 'veth', 'peer', 'name', link.nsDev]);
      sh('ip', ['link', 'set', link.nsDev, 'netns', link.ns]);
      sh('ip', ['addr', 'add', `${link.hostIp}/30`, 'dev', link.hostDev]);
      sh('ip', ['link', 'set', link.hostDev, 'up']);
      link.inNs('ip', ['addr', 'add', `${link.nsIp}/30`, 'dev', link.nsDev]);
      link.inNs('ip', ['link', 'set', link.nsDev, 'up']);
      link.inNs('ip', ['link', 'set', 'lo', 'up']);
    } catch (err) {
      link.close();
      throw err;
    }
    return link;
  }

  private inNs(cmd: string, args: string[], input?: string): string {
    return sh('ip', ['netns', 'exec', this.ns, cmd, ...args], input);
  }

  /** Sets the uplink's shape (replacing any earlier one); `{}` lifts every limit. */
  shape(s: Shape): void {
    spawnSync('ip', ['netns', 'exec', this.ns, 'tc', 'qdisc', 'del', 'dev', this.nsDev, 'root'], { stdio: 'ignore' });
    if (s.uplinkKbit) {
      // a small bucket: bursts cannot hide the rate; 300 ms of queue, as a 4G uplink buffers
      const burst = Math.max(2_000, Math.round((s.uplinkKbit * 1000) / 8 / 20));
      this.inNs('tc', ['qdisc', 'add', 'dev', this.nsDev, 'root', 'tbf', 'rate', `${s.uplinkKbit}kbit`, 'burst', String(burst), 'latency', '300ms']);
    }
    spawnSync('tc', ['qdisc', 'del', 'dev', this.hostDev, 'root'], { stdio: 'ignore' });
    if (s.downlinkKbit) {
      const burst = Math.max(2_000, Math.round((s.downlinkKbit * 1000) / 8 / 20));
      sh('tc', ['qdisc', 'add', 'dev', this.hostDev, 'root', 'tbf', 'rate', `${s.downlinkKbit}kbit`, 'burst', String(burst), 'latency', '300ms']);
    }
    this.rules(s.uplinkLossPct ? [`numgen random mod 1000 < ${Math.round(s.uplinkLossPct * 10)} drop`] : []);
  }

  /** Nothing passes either way (an outage); `up()` ends it. */
  down(): void {
    this.rules(['drop']);
    this.nsRules(['drop']);
  }

  /** Ends an outage (keeps no loss rule: call shape() again for one). */
  up(): void {
    this.rules([]);
    this.nsRules([]);
  }

  /** The host's ingress from the namespace (the uplink's receiving end). */
  private rules(rules: string[]): void {
    spawnSync('nft', ['delete', 'table', 'netdev', this.table], { stdio: 'ignore' });
    if (rules.length === 0) return;
    sh('nft', ['-f', '-'], `table netdev ${this.table} {\n chain ingress {\n  type filter hook ingress device "${this.hostDev}" priority 0; policy accept;\n  ${rules.join('\n  ')}\n }\n}\n`);
  }

  /** The namespace's ingress from the host (the downlink's receiving end). */
  private nsRules(rules: string[]): void {
    spawnSync('ip', ['netns', 'exec', this.ns, 'nft', 'delete', 'table', 'netdev', this.table], { stdio: 'ignore' });
    if (rules.length === 0) return;
    this.inNs('nft', ['-f', '-'], `table netdev ${this.table} {\n chain ingress {\n  type filter hook ingress device "${this.nsDev}" priority 0; policy accept;\n  ${rules.join('\n  ')}\n }\n}\n`);
  }

  /**
   * A Chromium whose network is this namespace's (its pages reach the host at `hostIp`).
   * `origin` (the test server's) is treated as secure, so the page may use the camera.
   */
  async launchChromium(origin: string): Promise<Browser> {
    this.wrapperPath = path.join(os.tmpdir(), `${this.ns}-chromium.sh`);
    const real = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    fs.writeFileSync(this.wrapperPath, `#!/bin/sh\nexec ip netns exec ${this.ns} ${real} "$@"\n`, { mode: 0o755 });
    const browser = await chromium.launch({ executablePath: this.wrapperPath, headless: true, args: [...CHROMIUM_ARGS, `--unsafely-treat-insecure-origin-as-secure=${origin}`] });
    guardAgainstErrorCodes(browser);
    return browser;
  }

  /** Removes the rules, the pair and the namespace. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    spawnSync('nft', ['delete', 'table', 'netdev', this.table], { stdio: 'ignore' });
    spawnSync('ip', ['link', 'del', this.hostDev], { stdio: 'ignore' }); // takes its peer with it
    spawnSync('ip', ['netns', 'del', this.ns], { stdio: 'ignore' });
    if (this.wrapperPath) fs.rmSync(this.wrapperPath, { force: true });
  }
}
