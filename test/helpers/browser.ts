/**
 * Open a page from disk in headless Chromium (Debian's, found by
 * needs.ts; playwright-core drives it and downloads nothing) with a fresh
 * profile, and watch it: every console error, every uncaught exception and
 * every request. Every request is intercepted; only the page's own file is
 * let through, anything else is aborted and recorded. The profile folder and
 * the browser are gone when `withPage` returns, however `inspect` ends.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { chromiumExecutable } from './needs.js';

export interface PageWatch {
  readonly consoleErrors: string[];
  readonly pageErrors: string[];
  /** Requests other than the page's own file (all of them aborted). */
  readonly blocked: string[];
}

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function withPage<T>(
  file: string,
  inspect: (page: Page, watch: PageWatch) => Promise<T>,
): Promise<T> {
  const executablePath = chromiumExecutable();
  if (!executablePath) throw new Error('no chromium (the test should have skipped: see needs.ts)');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-chromium-'));
  const context = await chromium
    .launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: ARGS,
      viewport: { width: 1100, height: 900 },
    })
    .catch((err: unknown) => {
      fs.rmSync(profile, { recursive: true, force: true });
      throw err;
    });
  try {
    const page = await context.newPage();
    const url = pathToFileURL(path.resolve(file)).href;
    const watch: PageWatch = { consoleErrors: [], pageErrors: [], blocked: [] };
    page.on('console', (m) => {
      if (m.type() === 'error') watch.consoleErrors.push(m.text());
    });
    page.on('pageerror', (err) => watch.pageErrors.push(err.message));
    await page.route('**/*', async (route) => {
      if (route.request().url() === url) return route.continue();
      watch.blocked.push(route.request().url());
      return route.abort();
    });
    await page.goto(url, { waitUntil: 'load' });
    return await inspect(page, watch);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}
