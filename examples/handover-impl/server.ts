/**
 * A small implementation of the handover, written apart from the specification: two hypervisor
 * objects that exchange scheduling messages through a service-processor object, over a machine
 * of sockets and pages. It knows nothing of src/model; it has its own names (hosts HV-A and
 * HV-B, guest web-1, pages pg-0, pg-1 and nic-0, sockets socket0 and socket1, stages SETUP to
 * DONE) and its own log, one JSON record per line.
 *
 * `EagerHypervisor` is the planted bug: a target that takes a page as soon as the service
 * processor forwards the source's release notice, before the source has finished releasing it,
 * so for a moment the page is managed by the target while the source still believes it is
 * handing it over (C1.2, C1.9: a released unit is in flight, used by nobody, until the target
 * acquires it).
 */

/** One log record. */
export type LogRecord = { readonly op: string } & Readonly<Record<string, unknown>>;
/** Where records go. */
export type LogSink = (record: LogRecord) => void;

/** The stages of a migration as the service processor tracks them. */
export type Stage = 'IDLE' | 'SETUP' | 'SORTING' | 'COPYING' | 'SYNCING' | 'FROZEN' | 'HANDOFF' | 'COMMITTED' | 'DONE';

/** A page (or device) of the machine. */
export interface Page {
  readonly id: string;
  /** The socket its content lives on. */
  socket: string;
  readonly guest: string | null;
  /** Coupled to its host for good (a device, a DMA-pinned page). */
  readonly fixed: boolean;
  /** The host that manages it; null while moving or free. */
  owner: string | null;
  moving: boolean;
  /** The socket a copy was made on, or null. */
  copyOn: string | null;
}

/** The machine's layout. */
export interface Layout {
  readonly hosts: readonly { readonly name: string; readonly socket: string }[];
  readonly guests: readonly { readonly name: string; readonly host: string }[];
  readonly pages: readonly { readonly id: string; readonly socket: string; readonly guest: string | null; readonly fixed: boolean }[];
}

/** Sockets, pages and guests' scheduling versions. */
export class Machine {
  readonly pages = new Map<string, Page>();
  readonly schedVersion = new Map<string, number>();
  constructor(layout: Layout) {
    const hostOf = new Map(layout.guests.map((g) => [g.name, g.host]));
    for (const p of layout.pages) {
      const owner = p.guest === null ? null : (hostOf.get(p.guest) ?? null);
      this.pages.set(p.id, { id: p.id, socket: p.socket, guest: p.guest, fixed: p.fixed, owner, moving: false, copyOn: null });
    }
    for (const g of layout.guests) this.schedVersion.set(g.name, 0);
  }
  page(id: string): Page {
    const p = this.pages.get(id);
    if (p === undefined) throw new Error(`no page ${id}`);
    return p;
  }
}

interface Envelope {
  /** up: source to SP; down: SP to target. */
  dir: 'up' | 'down';
  readonly to: string;
  readonly guest: string;
  readonly session: number;
  readonly ver: number;
}

interface Job {
  readonly guest: string;
  readonly from: string;
  readonly to: string;
  movable: string[];
  fixed: string[];
  lastSent: number | null;
  frozen: number | null;
}

/** The service processor: starts migrations, configures hosts, relays scheduling messages, records the commit. */
export class ServiceProcessor {
  session = 0;
  stage: Stage = 'IDLE';
  job: Job | null = null;
  readonly ready = new Set<string>();
  readonly owners = new Map<string, string>();
  readonly mailbox: Envelope[] = [];
  readonly hosts = new Map<string, Hypervisor>();
  constructor(
    readonly machine: Machine,
    private readonly log: LogSink,
    layout: Layout,
  ) {
    for (const g of layout.guests) this.owners.set(g.name, g.host);
  }

  private advance(stage: Stage): void {
    this.stage = stage;
    this.log({ op: 'sp.stage', stage });
  }

  running(): Job {
    if (this.job === null || this.stage === 'IDLE' || this.stage === 'DONE') throw new Error('no migration running');
    return this.job;
  }

  begin(guest: string, from: string, to: string): void {
    if (this.job !== null && this.stage !== 'DONE') throw new Error('a migration is running');
    if (this.owners.get(guest) !== from) throw new Error(`${from} does not own ${guest}`);
    this.session++;
    this.job = { guest, from, to, movable: [], fixed: [], lastSent: null, frozen: null };
    this.log({ op: 'migrate.begin', guest, from, to, session: this.session });
    this.advance('SETUP');
  }

  configure(host: string): void {
    const job = this.running();
    if (this.ready.has(host)) throw new Error(`${host} already configured`);
    this.ready.add(host);
    this.log({ op: 'host.ready', host, session: this.session });
    if (this.stage === 'SETUP' && this.ready.has(job.from) && this.ready.has(job.to)) this.advance('SORTING');
  }

  /** Firmware relays are not logged. */
  relay(session: number, ver: number): void {
    const i = this.mailbox.findIndex((m) => m.dir === 'up' && m.session === session && m.ver === ver);
    if (i < 0) throw new Error(`no message ${session}/${ver} to relay`);
    const m = this.mailbox[i]!;
    this.mailbox.splice(i, 1);
    if (this.job === null || this.stage === 'DONE' || m.session !== this.session) return;
    this.mailbox.push({ ...m, dir: 'down' });
  }

  post(m: Envelope): void {
    this.mailbox.push(m);
  }

  take(session: number, ver: number): Envelope {
    const i = this.mailbox.findIndex((m) => m.dir === 'down' && m.session === session && m.ver === ver);
    if (i < 0) throw new Error(`no message ${session}/${ver} to deliver`);
    return this.mailbox.splice(i, 1)[0]!;
  }

  /** The source tells the SP it releases a page; the SP tells the target. */
  releaseNotice(page: string): void {
    const job = this.running();
    this.hosts.get(job.to)?.onReleaseNotice(page);
  }

  stageReached(stage: Stage): void {
    this.advance(stage);
  }

  commit(): void {
    const job = this.running();
    if (this.stage !== 'HANDOFF') throw new Error('not handing off');
    for (const id of job.movable) if (this.machine.page(id).owner !== job.to) throw new Error(`${id} not taken yet`);
    this.owners.set(job.guest, job.to);
    this.log({ op: 'commit', guest: job.guest, owner: job.to, session: this.session });
    this.advance('COMMITTED');
  }

  finish(): void {
    const job = this.running();
    this.ready.delete(job.from);
    this.ready.delete(job.to);
    this.advance('DONE');
  }
}

/** A hypervisor instance: source or target of a migration, by what the SP's job says. */
export class Hypervisor {
  /** Scheduling information received in a session. */
  sched: { session: number; ver: number } | null = null;
  constructor(
    readonly name: string,
    readonly socket: string,
    protected readonly sp: ServiceProcessor,
    protected readonly log: LogSink,
  ) {
    sp.hosts.set(name, this);
  }

  private job(role: 'from' | 'to') {
    const job = this.sp.running();
    if (job[role] !== this.name) throw new Error(`${this.name} is not the ${role === 'from' ? 'source' : 'target'}`);
    return job;
  }

  private targetSocket(): string {
    return this.sp.hosts.get(this.sp.running().to)!.socket;
  }

  sort(): void {
    const job = this.job('from');
    job.movable = [];
    job.fixed = [];
    for (const p of this.sp.machine.pages.values()) {
      if (p.guest !== job.guest || p.owner !== this.name || p.moving) continue;
      (p.fixed ? job.fixed : job.movable).push(p.id);
      p.copyOn = null;
    }
    this.log({ op: 'pages.sorted', movable: job.movable, fixed: job.fixed });
    this.sp.stageReached('COPYING');
  }

  copy(id: string): void {
    this.job('from');
    const p = this.sp.machine.page(id);
    p.copyOn = this.targetSocket();
    this.log({ op: 'page.copied', page: id, to: p.copyOn });
  }

  copyDone(): void {
    const job = this.job('from');
    const there = this.targetSocket();
    for (const id of job.movable) {
      const p = this.sp.machine.page(id);
      if (p.socket !== there && p.copyOn !== there) throw new Error(`${id} not copied`);
    }
    this.log({ op: 'copy.done' });
    this.sp.stageReached('SYNCING');
  }

  sendSchedule(): void {
    const job = this.job('from');
    const ver = this.sp.machine.schedVersion.get(job.guest)!;
    job.lastSent = ver;
    this.sp.post({ dir: 'up', to: job.to, guest: job.guest, session: this.sp.session, ver });
    this.log({ op: 'sched.sent', guest: job.guest, ver });
  }

  takeSchedule(session: number, ver: number): void {
    this.sp.take(session, ver);
    const fresh = this.sp.ready.has(this.name) && session === this.sp.session && (this.sched === null || this.sched.session !== session || ver > this.sched.ver);
    if (fresh) this.sched = { session, ver };
    this.log({ op: fresh ? 'sched.taken' : 'sched.stale', session, ver });
  }

  pause(): void {
    const job = this.job('from');
    job.frozen = this.sp.machine.schedVersion.get(job.guest)!;
    this.log({ op: 'guest.paused', guest: job.guest, ver: job.frozen });
    this.sp.stageReached('FROZEN');
  }

  startHandoff(): void {
    this.job('from');
    this.log({ op: 'handoff.begin' });
    this.sp.stageReached('HANDOFF');
  }

  release(id: string): void {
    this.job('from');
    const p = this.sp.machine.page(id);
    p.owner = null;
    p.moving = true;
    if (p.copyOn !== null) {
      p.socket = p.copyOn;
      p.copyOn = null;
    }
    this.sp.releaseNotice(id);
    this.log({ op: 'page.released', page: id, by: this.name });
  }

  /** A release notice from the SP: the page will be in flight; take it when told to. */
  onReleaseNotice(_id: string): void {}

  take(id: string): void {
    this.job('to');
    const p = this.sp.machine.page(id);
    if (p.owner === this.name) return;
    p.owner = this.name;
    p.moving = false;
    this.log({ op: 'page.taken', page: id, by: this.name });
  }

  resume(): void {
    const job = this.job('to');
    if (this.sp.stage !== 'COMMITTED') throw new Error('not committed');
    if (this.sched === null || this.sched.session !== this.sp.session || this.sched.ver !== job.frozen) throw new Error('stale scheduling information');
    this.sched = null;
    this.log({ op: 'guest.resumed', guest: job.guest, on: this.name });
    this.sp.finish();
  }
}

/** The planted bug: takes a page on the release notice, before the source is done with it. */
export class EagerHypervisor extends Hypervisor {
  override onReleaseNotice(id: string): void {
    this.take(id);
  }
}

/** The scheduler changes a guest's scheduling information while it runs. */
export function reschedule(sp: ServiceProcessor, guest: string, log: LogSink): void {
  const ver = sp.machine.schedVersion.get(guest)! + 1;
  sp.machine.schedVersion.set(guest, ver);
  log({ op: 'sched.changed', guest, ver });
}

/** The machine of the example: two sockets, two hosts, one guest with two pages and a NIC. */
export const LAYOUT: Layout = {
  hosts: [
    { name: 'HV-A', socket: 'socket0' },
    { name: 'HV-B', socket: 'socket1' },
  ],
  guests: [{ name: 'web-1', host: 'HV-A' }],
  pages: [
    { id: 'pg-0', socket: 'socket1', guest: 'web-1', fixed: false },
    { id: 'pg-1', socket: 'socket0', guest: 'web-1', fixed: false },
    { id: 'nic-0', socket: 'socket0', guest: 'web-1', fixed: true },
  ],
};

/** A whole server: the machine, the SP and the two hosts; `eager` plants the bug in every host. */
export function buildServer(log: LogSink, options: { readonly eager?: boolean } = {}) {
  const machine = new Machine(LAYOUT);
  const sp = new ServiceProcessor(machine, log, LAYOUT);
  const Host = options.eager === true ? EagerHypervisor : Hypervisor;
  const hosts = new Map(LAYOUT.hosts.map((h) => [h.name, new Host(h.name, h.socket, sp, log)]));
  return { machine, sp, hosts, host: (name: string) => hosts.get(name)! };
}
