/** Public surface of file output, listed by hand. */

export type { AtomicWriteOptions } from './atomicWrite.ts';
export { writeFileAtomic } from './atomicWrite.ts';
