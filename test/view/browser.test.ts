/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The trace page and the lifecycle diagram in a real browser: Debian's Chromium, headless,
 * driven by puppeteer-core (no browser download). Skipped, saying why, only where
 * /usr/bin/chromium is absent; .ci/run installs it.
 *
 * @remarks
 * For every seeded bug of src/mutants/catalog.ts the explorer finds the shortest counterexample
 * on tiny, `vm-handover view` writes its page, and the test steps through it by keyboard from the
 * first step to the last, reading what the page shows at each: the step, its phase lit on the
 * diagram, and the violated property exactly at the step the explorer found it, not before. No
 * console error, page error or network request is allowed. The Mermaid source of the chart
 * (src/lifecycle/mermaid.ts) is rendered by the real mermaid package, beside the home-made
 * grammar check of test/lifecycle/diagram.test.ts. `UPDATE_SCREENSHOT=1` rewrites
 * docs/trace-view.png from the first mutant's page.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import puppeteer from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateNodes } from '../../models/lifecycleChart.ts';
import { lifecycleMermaid } from '../../src/lifecycle/mermaid.ts';
import { checkStateDiagram } from '../../src/lifecycle/mermaidCheck.ts';
import { isLivenessMutant, mutants as catalogue } from '../../src/mutants/catalog.ts';

/** The mutants a property names at one step: a liveness mutant's page has no violated invariant to highlight. */
const mutants = catalogue.filter((m) => !isLivenessMutant(m));
import { saveTraceFile } from '../../src/trace/file.ts';
import { cli } from '../cli/helpers.ts';
import { repo } from '../package/build.ts';
import { mutantCounterexample } from './support.ts';

const CHROMIUM = '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
if (!present) console.warn(`browser tests SKIPPED: ${CHROMIUM} is absent (apt-get install -y chromium; .ci/run installs it)`);

/** What the page shows now, read from the DOM as a person sees it (only what is not hidden). */
interface Shown {
  readonly step: number;
  readonly phase: string | undefined;
  readonly litPhase: string[];
  readonly violations: string[];
  /** The highlighted violation: the one the counterexample records, at its step. */
  readonly main: string | undefined;
  readonly currentItem: string | undefined;
  readonly position: string;
}

async function shown(page: Page): Promise<Shown> {
  return page.evaluate(() => {
    const visible = [...document.querySelectorAll<HTMLElement>('article.step')].filter((a) => !a.hidden);
    if (visible.length !== 1) throw new Error(`${visible.length} steps visible at once`);
    const a = visible[0]!;
    return {
      step: Number(a.dataset['step']),
      phase: a.dataset['phase'],
      litPhase: [...document.querySelectorAll<SVGGElement>('svg.lifecycle .phase.current')].map((g) => g.dataset['state'] ?? ''),
      violations: [...a.querySelectorAll<HTMLElement>('.violation')].map((v) => v.dataset['violation'] ?? ''),
      main: a.querySelector<HTMLElement>('.violation.main')?.dataset['violation'],
      currentItem: document.querySelector<HTMLElement>('#steps li.current')?.dataset['step'],
      position: document.getElementById('position')?.textContent ?? '',
    };
  });
}

describe.skipIf(!present)('the trace page in headless Chromium', () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'vm-handover-browser-'));
  const pages: { id: string; html: string; step: number; violation: string }[] = [];

  beforeAll(async () => {
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      userDataDir: mkdtempSync(join(tmpdir(), 'vm-handover-chromium-')),
      // --no-sandbox: CI runs as root. The rest keep Chromium off a network this machine does not have.
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
    for (const m of mutants) {
      const cx = mutantCounterexample(m);
      const trace = join(dir, `${m.id}.itf.json`);
      await saveTraceFile(trace, cx.trace);
      const html = join(dir, `${m.id}.html`);
      const r = await cli(['view', trace, '-o', html]);
      if (r.code !== 0) throw new Error(`view ${m.id}: ${r.err}`);
      pages.push({ id: m.id, html, step: cx.step, violation: cx.violation });
    }
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** Opens a page, recording every console error, page error and request that is not the page itself. */
  async function open(file: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage();
    await page.setViewport({ width: 1500, height: 1000 });
    const problems: string[] = [];
    const url = pathToFileURL(file).href;
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warn') problems.push(`console.${msg.type()}: ${msg.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${String(e)}`));
    page.on('request', (req) => {
      if (req.url().split('#')[0] !== url) problems.push(`request: ${req.url()}`);
    });
    await page.goto(url, { waitUntil: 'load' });
    return { page, problems };
  }

  it('a page was written for every mutant of the catalog', () => {
    expect(pages.map((p) => p.id)).toEqual(mutants.map((m) => m.id));
  });

  for (const m of mutants) {
    it(`${m.id} ${m.name}: stepped through by keyboard, the violated property is highlighted at the explorer's step and not before, with no console error`, async () => {
      const p = pages.find((x) => x.id === m.id)!;
      const { page, problems } = await open(p.html);
      try {
        const seen: Shown[] = [await shown(page)];
        for (let i = 0; i < p.step; i++) {
          await page.keyboard.press('ArrowRight');
          seen.push(await shown(page));
        }
        expect(seen.map((s) => s.step)).toEqual([...Array(p.step + 1).keys()]);
        for (const s of seen) {
          // One step shown, its item marked in the list, its phase the one lit on the diagram.
          expect(s.currentItem).toBe(String(s.step));
          expect(s.litPhase).toEqual([s.phase]);
          // Before the explorer's step only the ownership oracle, which the explorer does not
          // check, may break (M-03 breaks it first); the recorded property is never shown early.
          if (s.step < p.step) expect([s.main, s.violations.filter((v) => v !== 'ORACLE')]).toEqual([undefined, []]);
        }
        const last = seen[p.step]!;
        expect(last.main).toBe(p.violation);
        expect(last.position).toContain('the violation');
        expect(await page.$eval('svg.lifecycle .phase.current', (g) => g.classList.contains('bad'))).toBe(true);
        // Past the end stays at the end; back, first and the violation's own key.
        await page.keyboard.press('ArrowRight');
        expect((await shown(page)).step).toBe(p.step);
        await page.keyboard.press('k');
        expect((await shown(page)).step).toBe(p.step - 1);
        await page.keyboard.press('Home');
        expect((await shown(page)).step).toBe(0);
        await page.keyboard.press('v');
        expect((await shown(page)).step).toBe(p.step);
        expect(page.url()).toMatch(new RegExp(`#step-${p.step}$`));
        if (m === mutants[0] && process.env['UPDATE_SCREENSHOT'] === '1') await page.screenshot({ path: join(repo, 'docs', 'trace-view.png') });
        expect(problems).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }

  it('opens at the step its address names, and a click on a step shows it', async () => {
    const p = pages[0]!;
    const page = await browser.newPage();
    try {
      await page.goto(`${pathToFileURL(p.html).href}#step-2`, { waitUntil: 'load' });
      expect((await shown(page)).step).toBe(2);
      await page.click('#steps li[data-step="1"] button');
      expect((await shown(page)).step).toBe(1);
    } finally {
      await page.close();
    }
  });

  it('the real mermaid package renders the lifecycle diagram that the home-made grammar check accepts, and rejects a broken one that the check rejects too', async () => {
    const source = lifecycleMermaid();
    expect(checkStateDiagram(source)).toEqual([]);
    const broken = `${source}\n  configuring --> : no target`;
    expect(checkStateDiagram(broken)).not.toEqual([]);
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    try {
      await page.setContent('<!doctype html><html><body><div id="out"></div></body></html>');
      await page.addScriptTag({ path: join(repo, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js') });
      const rendered = await page.evaluate(async (src: string, bad: string) => {
        const mermaid = (window as unknown as { mermaid: { initialize(c: object): void; render(id: string, s: string): Promise<{ svg: string }> } }).mermaid;
        mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
        const { svg } = await mermaid.render('lifecycle', src);
        document.getElementById('out')!.innerHTML = svg;
        const labels = [...document.querySelectorAll('#out svg g.node, #out svg g.statediagram-state')].map((g) => g.textContent?.trim() ?? '');
        const edges = document.querySelectorAll('#out svg path.transition').length;
        let badError = '';
        try {
          await mermaid.render('broken', bad);
        } catch (e) {
          badError = String(e);
        }
        return { labels, edges, badError };
      }, source, broken);
      for (const n of stateNodes().slice(1)) expect(rendered.labels.some((l) => l.includes(n.key)), n.key).toBe(true);
      const drawnEdges = source.split('\n').filter((l) => l.includes(' --> ')).length;
      expect(rendered.edges).toBe(drawnEdges);
      expect(rendered.badError).not.toBe('');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
