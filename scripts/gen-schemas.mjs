#!/usr/bin/env node
// Regenerate schema/*.schema.json (for editors) from the zod schemas the loaders check with.
// Imports the compiled modules: run after a build (`npm run gen:schemas` builds first).
// The unit tests compare these files with what the schemas give, so they cannot drift.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dist = (file) => import(new URL(`../dist/src/${file}`, import.meta.url).href);

const { jsonSchemaText } = await dist('core/config-schema.js');
const { infraJsonSchema } = await dist('staging/infra-schema.js');
const { profileJsonSchema } = await dist('pipeline/profile-schema.js');
const { deviceProfileJsonSchema } = await dist('pipeline/device-profile-schema.js');

for (const [name, schema] of [
  ['infra.schema.json', infraJsonSchema()],
  ['profile.schema.json', profileJsonSchema()],
  ['device-profile.schema.json', deviceProfileJsonSchema()],
]) {
  const file = path.join(root, 'schema', name);
  fs.writeFileSync(file, jsonSchemaText(schema));
  console.log(`wrote ${path.relative(root, file)}`);
}
