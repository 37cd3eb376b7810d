/**
 * Vega-Lite specs to SVG, headless, when the report is written: the page
 * then carries finished drawings and no script. Vega and Vega-Lite take
 * about 0.3 s to import, so they are loaded on the first chart, not when a
 * command that never draws one starts. (Vega-Lite stays on 6.4: 6.5 wants
 * Node 22.)
 *
 * Their warnings (a spec they had to fix up) are returned, not printed:
 * a command's output is no place for them, and the tests insist on none.
 */
import type { TopLevelSpec } from 'vega-lite';

export interface Drawing {
  readonly svg: string;
  readonly warnings: readonly string[];
}

type Renderer = (spec: TopLevelSpec) => Promise<Drawing>;

let renderer: Promise<Renderer> | undefined;

/** Vega's logger interface, keeping warnings and errors; info and debug go nowhere. */
function collector(into: string[]) {
  const logger = {
    level: () => 2,
    error: (...args: unknown[]) => (into.push(args.map(String).join(' ')), logger),
    warn: (...args: unknown[]) => (into.push(args.map(String).join(' ')), logger),
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

function load(): Promise<Renderer> {
  renderer ??= (async () => {
    const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
    return async (spec) => {
      const warnings: string[] = [];
      const logger = collector(warnings);
      const compiled = vegaLite.compile(spec, { logger }).spec;
      // renderer 'none': no canvas is needed (or installed) to lay out and serialise SVG.
      const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger });
      try {
        return { svg: await view.toSVG(), warnings };
      } finally {
        view.finalize();
      }
    };
  })();
  return renderer;
}

export async function renderSvg(spec: TopLevelSpec): Promise<Drawing> {
  return (await load())(spec);
}
