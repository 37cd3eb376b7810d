/** Tests of where the package's own files and the cache folder are found. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { cacheDir, packageRoot, packageVersion } from './assets.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-assets-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('packageRoot and packageVersion', () => {
  it("find Couper's own package.json", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    assert.equal(manifest.name, 'couper');
    assert.equal(packageVersion(), manifest.version);
  });
});

describe('cacheDir', () => {
  const installed = path.join(tmp, 'lib', 'node_modules', 'couper');
  const checkout = path.join(tmp, 'checkout');
  fs.mkdirSync(installed, { recursive: true });
  fs.mkdirSync(path.join(checkout, 'src'), { recursive: true });

  it('is COUPER_CACHE_DIR when set, made absolute', () => {
    const env = { COUPER_CACHE_DIR: 'rel/cache', XDG_CACHE_HOME: '/x' };
    assert.equal(cacheDir(env, checkout), path.resolve('rel/cache'));
    assert.equal(cacheDir(env, installed), path.resolve('rel/cache'));
  });

  it('is .cache/ in a checkout of the sources', () => {
    assert.equal(
      cacheDir({ XDG_CACHE_HOME: '/x', HOME: '/home/u' }, checkout),
      path.join(checkout, '.cache'),
    );
  });

  it("is the user's cache for an installed package", () => {
    assert.equal(cacheDir({ XDG_CACHE_HOME: '/x', HOME: '/home/u' }, installed), '/x/couper');
    assert.equal(cacheDir({ HOME: '/home/u' }, installed), '/home/u/.cache/couper');
    // The XDG spec: a relative XDG_CACHE_HOME is ignored.
    assert.equal(cacheDir({ XDG_CACHE_HOME: 'rel', HOME: '/home/u' }, installed), '/home/u/.cache/couper');
  });

  it('is .cache/ under the repository for these tests', () => {
    assert.equal(cacheDir({}), path.join(packageRoot(), '.cache'));
  });
});
