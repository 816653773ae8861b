/**
 * A scripted session of the example implementation: web-1 goes from HV-A to HV-B (with a
 * scheduling change on the way) and back, and the log it writes. `npx tsx
 * examples/handover-impl/session.ts` rewrites clean.jsonl and buggy.jsonl; the conformance test
 * checks that the files are what the session writes.
 */
import { writeFileSync } from 'node:fs';
import type { LogRecord } from './server.ts';
import { buildServer, reschedule } from './server.ts';

/** The log of one session, as JSON lines. */
export function sessionLog(options: { readonly eager?: boolean } = {}): string {
  const lines: string[] = [];
  let seq = 0;
  const log = (r: LogRecord): void => {
    lines.push(JSON.stringify({ seq: ++seq, ...r }));
  };
  const { sp, host } = buildServer(log, options);
  const [a, b] = [host('HV-A'), host('HV-B')];

  // There: pg-1 must move to socket1, pg-0 is there already, nic-0 stays with HV-A.
  sp.begin('web-1', 'HV-A', 'HV-B');
  sp.configure('HV-A');
  sp.configure('HV-B');
  a.sort();
  a.copy('pg-1');
  a.copyDone();
  a.sendSchedule();
  reschedule(sp, 'web-1', log);
  a.sendSchedule();
  sp.relay(1, 1);
  b.takeSchedule(1, 1);
  sp.relay(1, 0);
  b.takeSchedule(1, 0);
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
  b.copy('pg-0');
  b.copy('pg-1');
  b.copyDone();
  b.sendSchedule();
  sp.relay(2, 1);
  a.takeSchedule(2, 1);
  b.pause();
  b.startHandoff();
  b.release('pg-0');
  a.take('pg-0');
  b.release('pg-1');
  a.take('pg-1');
  sp.commit();
  a.resume();
  return `${lines.join('\n')}\n`;
}

if (process.argv[1]?.endsWith('session.ts') === true) {
  const here = new URL('.', import.meta.url);
  writeFileSync(new URL('clean.jsonl', here), sessionLog());
  writeFileSync(new URL('buggy.jsonl', here), sessionLog({ eager: true }));
}
