// The layer rule (.dependency-cruiser.cjs) is only worth its place in `npm test` if it fails: here it
// is run, exactly as `npm run lint:layers` runs it, on small trees with one planted import per rule.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/cli.js';

/** A tree of files under a fresh directory, with the project's node_modules and tsconfig beside them. */
function plantTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'kube-tui-layers-'));
  symlinkSync(join(projectRoot, 'node_modules'), join(root, 'node_modules'));
  writeFileSync(
    join(root, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', jsx: 'react-jsx', strict: true },
      include: ['src'],
    }),
  );
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/**
 * Runs dependency-cruiser with the project's rules, exactly as
 * `npm run lint:layers` does; returns its exit status and each violation as `rule: from → to`.
 */
function cruise(root: string): { status: number | null; caught: string[]; output: string } {
  const result = spawnSync(
    join(projectRoot, 'node_modules/.bin/depcruise'),
    ['src', '--config', join(projectRoot, '.dependency-cruiser.cjs')],
    { cwd: root, encoding: 'utf8', timeout: 120_000 },
  );
  const output = `${result.stdout}${result.stderr}`;
  const caught = [...output.matchAll(/^\s*error (\S+): (\S+) → (\S*)/gm)].map(
    ([, rule, from, to]) => `${rule}: ${from} → ${to}`,
  );
  return { status: result.status, caught, output };
}

// One file per room, each importing only what the rule allows.
const lawful = {
  'src/model/config.ts': 'export const NAME = "kubernetes";\n',
  'src/local/paths.ts': 'import { NAME } from "../model/config.js";\nexport const path = "/tmp/" + NAME;\n',
  'src/aws/engine.ts':
    'import { EC2Client } from "@aws-sdk/client-ec2";\nimport { path } from "../local/paths.js";\nexport const engine = { path, client: EC2Client };\n',
  'src/wording/format.ts':
    'import { NAME } from "../model/config.js";\nexport const title = NAME.toUpperCase();\n',
  'src/state/reducer.ts':
    'import { title } from "../wording/format.js";\nexport const initial = { title };\n',
  'src/flows/use-flow.ts':
    'import { useEffect } from "react";\nimport { initial } from "../state/reducer.js";\nexport function useFlow() {\n  useEffect(() => {\n    void import("../aws/engine.js");\n  }, []);\n  return initial;\n}\n',
  'src/screens/Home.tsx':
    'import { Text } from "ink";\nimport { initial } from "../state/reducer.js";\nexport const Home = () => <Text>{initial.title}</Text>;\n',
  'src/app.tsx':
    'import { useFlow } from "./flows/use-flow.js";\nimport { Home } from "./screens/Home.js";\nexport function App() {\n  useFlow();\n  return <Home />;\n}\n',
  'src/commands/up.ts':
    'import { engine } from "../aws/engine.js";\nexport const up = async () => [engine, (await import("../app.js")).App];\n',
};

describe('the layer rule (npm run lint:layers)', () => {
  it('passes a tree where every room imports only the rooms below it', () => {
    const { status, caught, output } = cruise(plantTree(lawful));
    expect(caught, output).toEqual([]);
    expect(status, output).toBe(0);
  });

  it('fails on an upward import, a cycle, the SDK in a screen, Ink in the engine and a static engine import in a flow', () => {
    const { status, caught, output } = cruise(
      plantTree({
        ...lawful,
        // Upward: the model reaching for a screen, a reducer for a flow, the engine for a reducer.
        'src/model/upward.ts': 'import { Home } from "../screens/Home.js";\nexport const view = Home;\n',
        'src/state/upward.ts':
          'import { useFlow } from "../flows/use-flow.js";\nexport const hook = useFlow;\n',
        'src/aws/upward.ts':
          'import { initial } from "../state/reducer.js";\nexport const state = initial;\n',
        // Two reducers importing each other.
        'src/state/ping.ts': 'import { pong } from "./pong.js";\nexport const ping = () => pong;\n',
        'src/state/pong.ts': 'import { ping } from "./ping.js";\nexport const pong = () => ping;\n',
        'src/screens/Sdk.tsx':
          'import { EC2Client } from "@aws-sdk/client-ec2";\nexport const Sdk = () => String(EC2Client);\n',
        'src/kubernetes/ui.ts': 'import { Text } from "ink";\nexport const label = Text;\n',
        'src/flows/use-eager.ts':
          'import { engine } from "../aws/engine.js";\nexport const useEager = () => engine;\n',
      }),
    );
    expect(caught, output).toEqual(
      expect.arrayContaining([
        'model-imports-only-below: src/model/upward.ts → src/screens/Home.tsx',
        'state-imports-only-below: src/state/upward.ts → src/flows/use-flow.ts',
        'engine-imports-only-below: src/aws/upward.ts → src/state/reducer.ts',
        'engine-only-lazily-from-app-and-flows: src/flows/use-eager.ts → src/aws/engine.ts',
      ]),
    );
    expect(
      caught.some((line) => line.startsWith('sdk-only-in-the-aws-engine: src/screens/Sdk.tsx → ')),
      output,
    ).toBe(true);
    expect(
      caught.some((line) => line.startsWith('no-ui-in-the-engine: src/kubernetes/ui.ts → ')),
      output,
    ).toBe(true);
    // The lawful files' imports are not among them.
    expect(caught.filter((line) => Object.keys(lawful).some((path) => line.includes(`: ${path} →`)))).toEqual(
      [],
    );
    expect(status, output).not.toBe(0);
  });
});
