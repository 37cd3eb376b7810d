/**
 * The page around the charts: one self-contained HTML file (styles inline,
 * charts as inline SVG, no script, no font or image fetched), whose content
 * security policy forbids every request, so it opens from disk anywhere and
 * cannot leak. Every text from the input files is escaped here.
 */
import type { Chart, Table } from './chart.js';

/** Tables longer than this fold away under their chart (still in the page, for search and screen readers). */
const OPEN_ROWS = 25;

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const STYLE = `
body { font: 15px/1.5 system-ui, sans-serif; color: #111; background: #fff; margin: 0 auto; max-width: 1060px; padding: 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; } h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .25rem; }
.meta { color: #444; margin: 0; } .decision { font-size: 1.1rem; font-weight: 600; }
figure { margin: 1rem 0 2rem; } figcaption { color: #333; max-width: 52rem; margin: .25rem 0 .5rem; }
.svg { overflow-x: auto; } .svg svg { max-width: none; height: auto; }
table { border-collapse: collapse; margin: .25rem 0 1rem; font-size: .85rem; }
th, td { border: 1px solid #ccc; padding: .15rem .45rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
details > summary { cursor: pointer; color: #333; } ul.notes { color: #333; }
nav ul { columns: 2; }
`;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function page(title: string, header: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>${header}</header>
<main>
${body}
</main>
</body>
</html>
`;
}

export function table(t: Table, caption?: string): string {
  const numeric = new Set(t.numeric ?? []);
  const head = t.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('');
  const rows = t.rows
    .map(
      (r) =>
        `<tr>${r.map((cell, i) => `<td${numeric.has(i) ? ' class="n"' : ''}>${escapeHtml(cell)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const cap = caption ? `<caption>${escapeHtml(caption)}</caption>` : '';
  return `<table>${cap}<thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

/** A chart with its title, caption and table; `prefix` keeps ids unique on a page with several evaluations. */
export function figure(chart: Chart, svg: string, prefix = ''): string {
  const rows = chart.table.rows.length;
  const data = table(chart.table);
  const tableHtml =
    rows > OPEN_ROWS ? `<details><summary>The numbers (${rows} rows)</summary>${data}</details>` : data;
  return `<figure id="${escapeHtml(prefix + chart.id)}" data-chart="${escapeHtml(chart.id)}">
<div class="svg">${labelled(svg, chart.title)}</div>
<figcaption>${escapeHtml(chart.caption)}</figcaption>
${tableHtml}
</figure>`;
}

/**
 * Vega's SVG named by the chart's title. A graphics document, not an image:
 * an image's children are hidden from screen readers, and Vega names each
 * mark of a small chart for them.
 */
function labelled(svg: string, title: string): string {
  return svg.replace(/^<svg /, `<svg role="graphics-document document" aria-label="${escapeHtml(title)}" `);
}

export function paragraph(text: string, attributes = ''): string {
  return `<p${attributes}>${escapeHtml(text)}</p>`;
}

export function notes(items: readonly string[]): string {
  return items.length === 0
    ? ''
    : `<ul class="notes">${items.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`;
}
