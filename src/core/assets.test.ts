import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { packageRoot, packageVersion } from './assets.js';

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
