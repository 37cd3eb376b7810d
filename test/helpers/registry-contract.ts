/**
 * The shared test suite every registry and its plug-in loader run (graphology
 * tests/index.js style): the one registry policy of core/registry.ts and the
 * one loader contract of core/plugins.ts, checked against a fresh registry
 * made from each seam's own spec (its shape check and its plug-in kind).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { after, describe, it } from 'node:test';
import { ConfigError, PluginError } from '../../src/core/errors.js';
import { Registry, type RegistrySpec } from '../../src/core/registry.js';
import { tempDir } from './tiny-models.js';

export interface RegistryContract<T> {
  readonly spec: RegistrySpec<T>;
  /** A well-formed item named `name`, a new object on every call. */
  readonly make: (name: string) => T;
  /** An object named `name` that lacks the seam's shape, as JavaScript code might register one. */
  readonly malformed: (name: string) => unknown;
  /** For registries that take plug-ins by path. */
  readonly plugins?: {
    /** A module whose default export is a plug-in of the kind. */
    readonly asDefault: string;
    /** A module whose named exports together are one. */
    readonly asNamed: string;
    /** Assert that `plugin`, loaded from one of those, works. */
    check(plugin: T): void | Promise<void>;
  };
}

export function registryContract<T>(contract: RegistryContract<T>): void {
  const { spec, make } = contract;
  const noun = spec.noun;
  describe(`${noun} registry: the shared registry policy`, () => {
    it('registering the same object again is a no-op', () => {
      const registry = new Registry(spec);
      const item = make('one');
      registry.register(item);
      registry.register(item);
      assert.equal(registry.get('one'), item);
      assert.deepEqual(registry.names(), ['one']);
    });

    it('a different object under a taken name throws', () => {
      const registry = new Registry(spec, [make('one')]);
      const first = registry.get('one');
      assert.throws(
        () => registry.register(make('one')),
        oneLine(PluginError, `${noun} 'one' is already registered`),
      );
      assert.equal(registry.get('one'), first);
    });

    it('a name that is empty or looks like a file path throws', () => {
      const registry = new Registry(spec);
      for (const name of ['', './x.js', '/abs/x', 'x.mjs'])
        assert.throws(() => registry.register(make(name)), oneLine(PluginError, 'looks like a file path'));
      assert.deepEqual(registry.names(), []);
    });

    it('what is registered must have the shape of the seam', () => {
      const registry = new Registry(spec);
      assert.throws(
        () => registry.register(contract.malformed('bad') as T),
        oneLine(PluginError, `${noun} 'bad' `),
      );
      assert.equal(registry.get('bad'), undefined);
    });

    it('an unknown name is a ConfigError that lists the known ones', async () => {
      const registry = new Registry(spec, [make('one'), make('two')]);
      assert.equal(await registry.resolve('two'), registry.require('two'));
      const listing = `unknown ${noun} 'three' (known: one, two`;
      assert.throws(() => registry.require('three'), oneLine(ConfigError, listing));
      await assert.rejects(registry.resolve('three'), oneLine(ConfigError, listing));
    });
  });

  const plugins = contract.plugins;
  if (!plugins) {
    it(`${noun} registry takes no plug-ins: a path is an unknown name`, async () => {
      await assert.rejects(
        new Registry(spec).resolve('./x.js'),
        oneLine(ConfigError, `unknown ${noun} './x.js'`),
      );
    });
    return;
  }

  describe(`${noun} plug-ins: the shared loader contract`, () => {
    const dir = tempDir(`couper-${noun.replace(/\W+/g, '-')}-plugins-`);
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const write = (name: string, text: string): string => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      return file;
    };
    const registry = new Registry(spec);

    it('a plug-in is the default export when it has the shape', async () => {
      await plugins.check(await registry.resolve(write('as-default.mjs', plugins.asDefault)));
    });

    it('otherwise the named exports together', async () => {
      await plugins.check(await registry.resolve(write('as-named.mjs', plugins.asNamed)));
    });

    it('every failure to load is one PluginError line naming the file', async () => {
      const cases: [string, RegExp][] = [
        [path.join(dir, 'missing.js'), /missing\.js' does not exist$/],
        [dir, /' is a folder, not a \.js module$/],
        [
          write('throws.mjs', 'throw new Error("cannot start\\nat line 2");\n'),
          /throws\.mjs' does not load: cannot start$/,
        ],
        [write('syntax.mjs', 'export default (;\n'), /syntax\.mjs' does not load: /],
        [
          write('nothing.mjs', 'export const answer = 42;\n'),
          new RegExp(`nothing\\.mjs' exports no ${noun} \\(default-export `),
        ],
      ];
      for (const [file, message] of cases) {
        await assert.rejects(registry.resolve(file), (err: unknown) => {
          assert.ok(err instanceof PluginError, inspect(err));
          assert.ok(err.message.startsWith(`${noun} plug-in '`), err.message);
          assert.match(err.message, message);
          assert.ok(!err.message.includes('\n'), err.message);
          return true;
        });
      }
    });
  });
}

/** An assert.throws/rejects check: an instance of `type`, one line, containing `text`. */
function oneLine(type: typeof PluginError | typeof ConfigError, text: string): (err: unknown) => boolean {
  return (err) => {
    assert.ok(err instanceof type, `expected ${type.name}, got ${inspect(err)}`);
    assert.ok(err.message.includes(text), `'${err.message}' does not contain '${text}'`);
    assert.ok(!err.message.includes('\n'), err.message);
    return true;
  };
}
