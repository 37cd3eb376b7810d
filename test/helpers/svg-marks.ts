/**
 * Counting what Vega drew: the items of a named mark layer in an SVG string.
 * Vega gives a layer named NAME the group class `NAME_marks` and writes one
 * element per item inside it (paths for symbols, lines for rules, and so on).
 */
export function marksIn(svg: string, layer: string): number {
  const group = new RegExp(`<g class="mark-\\w+ role-mark ${layer}_marks"[^>]*>(.*?)</g>`, 's').exec(svg);
  if (!group) return -1;
  return (group[1]!.match(/<(path|line|text|rect)\b/g) ?? []).length;
}
