/**
 * A scripted session of the example implementation: web-1 goes from HV-A to HV-B (with a
 * scheduling change on the way) and back, and the log it writes. `npx tsx
 * examples/handover-impl/session.ts` rewrites clean.jsonl and buggy.jsonl; the conformance test
 * checks that the files are what the session writes.
 */
import { writeFileSync } from 'node:fs';
import type { LogRecord } from './server.ts';
import { buildServer, reschedule } from './server.ts';

/**
 * The log of one session, as JSON lines: `roundTrips` times there and back (default once; the
 * benchmark asks for thousands, with a scenario whose attempts allow them).
 */
export function sessionLog(options: { readonly eager?: boolean; readonly roundTrips?: number } = {}): string {
  const lines: string[] = [];
  let seq = 0;
  const log = (r: LogRecord): void => {
    lines.push(JSON.stringify({ seq: ++seq, ...r }));
  };
  const { sp, host } = buildServer(log, options);
  const [a, b] = [host('HV-A'), host('HV-B')];
  for (let trip = 0; trip < (options.roundTrips ?? 1); trip++) roundTrip();
  return `${lines.join('\n')}\n`;

  function roundTrip(): void {
    const v = (): number => sp.machine.schedVersion.get('web-1')!;
    const copyAway = (from: typeof a, socket: string): void => {
      for (const id of ['pg-0', 'pg-1']) if (sp.machine.page(id).socket !== socket) from.copy(id);
    };
    // There: pg-1 must move to socket1, pg-0 is there already (the first time), nic-0 stays with HV-A.
    sp.begin('web-1', 'HV-A', 'HV-B');
    sp.configure('HV-A');
    sp.configure('HV-B');
    a.sort();
    copyAway(a, 'socket1');
    a.copyDone();
    a.sendSchedule();
    reschedule(sp, 'web-1', log);
    a.sendSchedule();
    sp.relay(sp.session, v());
    b.takeSchedule(sp.session, v());
    sp.relay(sp.session, v() - 1);
    b.takeSchedule(sp.session, v() - 1);
    a.pause();
    a.startHandoff();
    a.release('pg-0');
    b.take('pg-0');
    a.release('pg-1');
    b.take('pg-1');
    sp.commit();
    b.resume();
    log({ op: 'debug', note: 'first migration done' });

    // And back: both pages now live on socket1 and must move to socket0.
    sp.begin('web-1', 'HV-B', 'HV-A');
    sp.configure('HV-B');
    sp.configure('HV-A');
    b.sort();
    copyAway(b, 'socket0');
    b.copyDone();
    b.sendSchedule();
    sp.relay(sp.session, v());
    a.takeSchedule(sp.session, v());
    b.pause();
    b.startHandoff();
    b.release('pg-0');
    a.take('pg-0');
    b.release('pg-1');
    a.take('pg-1');
    sp.commit();
    a.resume();
  }
}

if (process.argv[1]?.endsWith('session.ts') === true) {
  const here = new URL('.', import.meta.url);
  writeFileSync(new URL('clean.jsonl', here), sessionLog());
  writeFileSync(new URL('buggy.jsonl', here), sessionLog({ eager: true }));
}
