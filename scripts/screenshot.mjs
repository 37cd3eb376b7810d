#!/usr/bin/env node
// Screenshot of an HTML report in headless Chromium (Debian's, never a
// downloaded one), for docs/report.png: the top of the page at a laptop's
// width, or the whole page with --full.
//
// Usage: node scripts/screenshot.mjs REPORT.html OUT.png [--full] [--height PX]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const [report, out] = args.filter((a) => !a.startsWith('--') && !/^\d+$/.test(a));
const full = args.includes('--full');
const heightAt = args.indexOf('--height');
const height = heightAt >= 0 ? Number(args[heightAt + 1]) : 1400;
if (!report || !out) {
  console.error('usage: node scripts/screenshot.mjs REPORT.html OUT.png [--full] [--height PX]');
  process.exit(2);
}
const executablePath = process.env.COUPER_CHROMIUM ?? '/usr/bin/chromium';
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-chromium-'));
try {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1100, height },
  });
  const page = await context.newPage();
  await page.goto(pathToFileURL(path.resolve(report)).href);
  await page.screenshot({ path: out, fullPage: full });
  await context.close();
  console.log(`${out}: ${fs.statSync(out).size} bytes`);
} finally {
  fs.rmSync(profile, { recursive: true, force: true });
}
