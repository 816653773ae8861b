/**
 * A small structural checker for Mermaid `stateDiagram-v2` source, for tests without a browser.
 *
 * @remarks
 * Not Mermaid's parser: a stricter subset, read from Mermaid's grammar
 * (`packages/mermaid/src/diagrams/state/parser/stateDiagram.jison`) and its documented limits.
 * It accepts the statements the generator writes plus comments, directions, descriptions and
 * notes, and rejects what Mermaid would misread or draw wrongly:
 *
 * - a line that is no statement of the subset;
 * - unbalanced braces;
 * - a state used before it is declared (Mermaid puts a state in the block that first names it),
 *   or declared twice;
 * - a `[*] -->` naming a state outside its own block;
 * - an edge between states of two different composites (Mermaid cannot draw it);
 * - a label holding `:`, `;`, `#` or `%%` (the lexer ends or drops the label there), or the
 *   words `direction TB`-like, which the lexer reads as a direction wherever they appear;
 * - an identifier Mermaid reads as a keyword, or one with characters outside `[A-Za-z0-9_]`.
 */

/** A problem found in a diagram, by 1-based line number. @public */
export interface MermaidProblem {
  readonly line: number;
  readonly message: string;
}

const ID = '[A-Za-z_][A-Za-z0-9_]*';
const END = `(?:${ID}|\\[\\*\\])`;
const KEYWORDS = new Set(['state', 'note', 'direction', 'default', 'class', 'classdef', 'end', 'as', 'scale']);

const patterns = {
  direction: /^direction\s+(TB|BT|LR|RL)$/,
  open: new RegExp(`^state\\s+(${ID})\\s*\\{$`),
  close: /^\}$/,
  alias: new RegExp(`^state\\s+"([^"\\n]*)"\\s+as\\s+(${ID})$`),
  edge: new RegExp(`^(${END})\\s*-->\\s*(${END})(?:\\s*:(.*))?$`),
  note: new RegExp(`^note\\s+(?:left|right)\\s+of\\s+(${ID})\\s*:(.*)$`),
  described: new RegExp(`^(${ID})\\s*:(.*)$`),
  declare: new RegExp(`^(${ID})$`),
};

function textProblem(text: string, what: string): string | null {
  if (text.trim() === '') return `empty ${what}`;
  if (/[:;#]|%%/.test(text)) return `${what} "${text.trim()}" holds ':', ';', '#' or '%%', where Mermaid ends or drops it`;
  if (/direction\s+(TB|BT|LR|RL)/i.test(text)) return `${what} "${text.trim()}" holds a direction, which Mermaid reads as a statement`;
  return null;
}

/**
 * Checks a `stateDiagram-v2` source; an empty list means every check passed.
 *
 * @example
 * ```ts
 * checkStateDiagram('stateDiagram-v2\n  a\n  [*] --> a'); // []
 * ```
 * @public
 */
export function checkStateDiagram(source: string): MermaidProblem[] {
  const problems: MermaidProblem[] = [];
  const lines = source.split('\n');
  /** The block each declared state lives in ('' for the top level). */
  const scopeOf = new Map<string, string>();
  /** Open composite blocks, innermost last. */
  const open: string[] = [];
  /** How many states each composite block declares. */
  const sizes = new Map<string, number>();
  let header = false;
  const here = (): string => open[open.length - 1] ?? '';

  const declare = (id: string, line: number): void => {
    if (KEYWORDS.has(id.toLowerCase())) problems.push({ line, message: `state name ${id} is a Mermaid keyword` });
    if (scopeOf.has(id)) problems.push({ line, message: `state ${id} is declared twice` });
    else scopeOf.set(id, here());
    if (open.length > 0) sizes.set(here(), (sizes.get(here()) ?? 0) + 1);
  };
  const use = (id: string, line: number): void => {
    if (id !== '[*]' && !scopeOf.has(id)) problems.push({ line, message: `state ${id} is used before it is declared` });
  };

  lines.forEach((raw, i) => {
    const line = i + 1;
    const text = raw.trim();
    if (text === '' || text.startsWith('%%')) return;
    if (!header) {
      if (text !== 'stateDiagram-v2') problems.push({ line, message: `the diagram must start with stateDiagram-v2, not "${text}"` });
      header = true;
      return;
    }
    let m: RegExpMatchArray | null;
    if (patterns.direction.test(text)) return;
    if ((m = text.match(patterns.open))) {
      declare(m[1]!, line);
      open.push(m[1]!);
      return;
    }
    if (patterns.close.test(text)) {
      const closed = open.pop();
      if (closed === undefined) problems.push({ line, message: 'a } closes no block' });
      else if ((sizes.get(closed) ?? 0) === 0) problems.push({ line, message: `composite ${closed} declares no state` });
      return;
    }
    if ((m = text.match(patterns.alias))) {
      declare(m[2]!, line);
      return;
    }
    if ((m = text.match(patterns.edge))) {
      const [, from, to, labelText] = m as unknown as [string, string, string, string | undefined];
      use(from, line);
      use(to, line);
      if (labelText !== undefined) {
        const bad = textProblem(labelText, 'label');
        if (bad !== null) problems.push({ line, message: bad });
      }
      if (from === '[*]' && to === '[*]') problems.push({ line, message: 'an edge from [*] to [*]' });
      for (const [end, other] of [
        [from, to],
        [to, from],
      ] as const)
        if (end === '[*]' && scopeOf.has(other) && scopeOf.get(other) !== here())
          problems.push({ line, message: `[*] in block "${here() || 'top'}" joins ${other}, which lives in block "${scopeOf.get(other) || 'top'}"` });
      const a = scopeOf.get(from);
      const b = scopeOf.get(to);
      if (a !== undefined && b !== undefined && a !== '' && b !== '' && a !== b)
        problems.push({ line, message: `edge ${from} --> ${to} joins states of composites ${a} and ${b}, which Mermaid cannot draw` });
      return;
    }
    if ((m = text.match(patterns.note))) {
      use(m[1]!, line);
      const bad = textProblem(m[2]!, 'note');
      if (bad !== null) problems.push({ line, message: bad });
      return;
    }
    if ((m = text.match(patterns.described))) {
      if (!scopeOf.has(m[1]!)) declare(m[1]!, line);
      const bad = textProblem(m[2]!, 'description');
      if (bad !== null) problems.push({ line, message: bad });
      return;
    }
    if ((m = text.match(patterns.declare))) {
      declare(m[1]!, line);
      return;
    }
    problems.push({ line, message: `not a stateDiagram-v2 statement: "${text}"` });
  });
  if (!header) problems.push({ line: 1, message: 'the diagram is empty' });
  for (const block of open) problems.push({ line: lines.length, message: `block ${block} is never closed` });
  return problems;
}
