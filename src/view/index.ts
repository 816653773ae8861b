/**
 * The trace viewer's public surface: a trace and its replay as one self-contained HTML page
 * (`vm-handover view`).
 */
export type { TraceView } from './page.ts';
export { traceHtml, violationStep } from './page.ts';
