// kubectl's strict field validation for the simulated instance's kubectl (and its unit test).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The API server's strict field validation (kubectl's default since 1.27: unknown fields are
 * refused). kubernetes-models' schemas do not forbid unknown properties, so the model's own
 * validator runs over a proxy that records which properties it looks at: a property of an object
 * the validator inspected that it never looked at is unknown to the schema. Objects the schema
 * leaves free (maps such as labels, which the validator enumerates, or untyped values it never
 * enters) are not judged.
 */
export function unknownFields(object, modelPath) {
  const require = createRequire(import.meta.url);
  const modelFile = require.resolve(modelPath);
  const schemaImport = /require\("([^"]*_schemas\/[^"]+)"\)/.exec(readFileSync(modelFile, 'utf8'))?.[1];
  if (!schemaImport) return [`the simulated kubectl found no schema for ${modelPath}`];
  const { validate } = require(join(dirname(modelFile), schemaImport));
  const nodes = [];
  const wrap = (value, path) => {
    if (typeof value !== 'object' || value === null) return value;
    const node = { path, value, touched: new Set(), entered: false, enumerated: false, children: new Map() };
    if (!Array.isArray(value)) nodes.push(node);
    return new Proxy(value, {
      get(target, prop) {
        node.entered = true;
        if (typeof prop !== 'string') return target[prop];
        node.touched.add(prop);
        if (!Object.hasOwn(target, prop)) return target[prop];
        if (!node.children.has(prop)) {
          const childPath = Array.isArray(target) ? `${path}[${prop}]` : path ? `${path}.${prop}` : prop;
          node.children.set(prop, wrap(target[prop], childPath));
        }
        return node.children.get(prop);
      },
      has(target, prop) {
        node.entered = true;
        if (typeof prop === 'string') node.touched.add(prop);
        return prop in target;
      },
      ownKeys(target) {
        node.entered = true;
        node.enumerated = true;
        return Reflect.ownKeys(target);
      },
    });
  };
  validate(wrap(object, ''));
  const unknown = [];
  for (const node of nodes) {
    if (!node.entered || node.enumerated) continue;
    for (const key of Object.keys(node.value))
      if (!node.touched.has(key)) unknown.push(node.path ? `${node.path}.${key}` : key);
  }
  return unknown;
}
