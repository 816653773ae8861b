/**
 * Writing untrusted text into HTML: every name, value and explanation in a trace page comes
 * from a trace file, so all of it is escaped.
 * @internal
 */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe in an element's content and in a quoted attribute. @internal */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
