#!/usr/bin/env node
// The vm-handover binary: the sources are TypeScript, run through tsx so that the binary works
// straight after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/bin.ts');
