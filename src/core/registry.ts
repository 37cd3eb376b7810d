/**
 * One registry policy for every seam with built-ins and a documented way to
 * add one (algorithms, selection methods, post-processors, runtimes, staging
 * backends): registering the same object again is a no-op, a different one
 * under a taken name throws, a name must not be empty or look like a file
 * path, and the shape of what is registered is checked. Registries that take
 * plug-ins load a path given in place of a name with the one loader.
 */
import { ConfigError, PluginError } from './errors.js';
import { loadPlugin, looksLikePath, type PluginKind } from './plugins.js';

export interface RegistrySpec<T> {
  /** What is registered, in messages: 'algorithm', 'staging backend'. */
  readonly noun: string;
  /** The name an item is found by. */
  nameOf(item: T): string;
  /** What is wrong with an item's shape, or undefined when it will do (items may come from JavaScript). */
  problem(item: T): string | undefined;
  /** How to load one from a file, for registries that take plug-ins by path. */
  readonly plugin?: PluginKind<T>;
}

export class Registry<T> {
  private readonly items = new Map<string, T>();

  constructor(
    readonly spec: RegistrySpec<T>,
    builtIns: readonly T[] = [],
  ) {
    for (const item of builtIns) this.register(item);
  }

  /** Make `item` available by its name; see the policy above. Throws PluginError. */
  register(item: T): void {
    const { noun } = this.spec;
    const name: unknown = this.spec.nameOf(item);
    if (typeof name !== 'string' || name === '' || looksLikePath(name))
      throw new PluginError(`${noun} name '${String(name)}' is not usable (empty or looks like a file path)`);
    const taken = this.items.get(name);
    if (taken === item) return;
    if (taken !== undefined) throw new PluginError(`${noun} '${name}' is already registered`);
    const problem = this.spec.problem(item);
    if (problem !== undefined) throw new PluginError(`${noun} '${name}' ${problem}`);
    this.items.set(name, item);
  }

  get(name: string): T | undefined {
    return this.items.get(name);
  }

  /** The item registered as `name`; a ConfigError that lists the names otherwise. */
  require(name: string): T {
    const item = this.items.get(name);
    if (item === undefined) throw this.unknown(name);
    return item;
  }

  /** A registered name, or (for registries that take plug-ins) a plug-in module by path. */
  async resolve(nameOrPath: string): Promise<T> {
    const item = this.items.get(nameOrPath);
    if (item !== undefined) return item;
    const { plugin, noun } = this.spec;
    if (plugin && looksLikePath(nameOrPath)) return loadPlugin(nameOrPath, noun, plugin);
    throw this.unknown(nameOrPath);
  }

  names(): string[] {
    return [...this.items.keys()];
  }

  values(): T[] {
    return [...this.items.values()];
  }

  private unknown(name: string): ConfigError {
    const orPath = this.spec.plugin ? '; or a path to a .js plug-in' : '';
    return new ConfigError(
      `unknown ${this.spec.noun} '${name}' (known: ${this.names().join(', ')}${orPath})`,
    );
  }
}
