// Derives, from the source, the AWS actions each command can call: a static call graph of src/
// (TypeScript's checker resolves every call to its declaration; a call through a member of a kind's
// interface, such as `teardown.remove`, reaches every kind that implements it; a table of functions,
// such as the provisioning task table, is reached where it is read), walked from the Engine's
// methods each command uses, collecting the SDK commands (`new XCommand`) and the calls of the
// waiters found on the way (read from the SDK's source). `npm run gen:actions` writes the result to
// src/aws/called-actions.ts, which a test keeps current; `WHY=ec2:DeleteVpc npm run gen:actions`
// prints the path that reaches an action.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { iamActionFor, type ServiceName } from '../src/aws/iam-actions.js';

const root = join(import.meta.dirname, '..');

/** Which Engine methods each command runs. */
export const COMMAND_ENTRIES = {
  up: ['identity', 'listRegions', 'listZones', 'plan', 'provision', 'planZones', 'addZones'],
  down: ['identity', 'planTeardown', 'runTeardown', 'locateElsewhere'],
  inventory: ['identity', 'discover', 'scanAllRegions', 'listRegions', 'locateElsewhere'],
  scale: ['identity', 'planScale', 'runScale'],
} as const;

/** The SDK packages and the service their IAM actions belong to. */
const PACKAGES: Record<string, ServiceName> = {
  '@aws-sdk/client-ec2': 'ec2',
  '@aws-sdk/client-auto-scaling': 'autoscaling',
  '@aws-sdk/client-s3': 's3',
  '@aws-sdk/client-iam': 'iam',
  '@aws-sdk/client-sts': 'sts',
  '@aws-sdk/client-elastic-load-balancing': 'elasticloadbalancing',
  '@aws-sdk/client-elastic-load-balancing-v2': 'elbv2',
  '@aws-sdk/client-cloudwatch-logs': 'logs',
};

/** The operations a waiter polls, read from the SDK's own source of it (`new XCommand(...)`). */
function waiterOperations(module: string, waiter: string): string[] {
  const file = join(
    root,
    'node_modules',
    module,
    'dist-es',
    'waiters',
    `${waiter.replace(/^waitUntil/, 'waitFor')}.js`,
  );
  const operations = [...readFileSync(file, 'utf8').matchAll(/new (\w+)Command\(/g)].map(
    (match) => match[1]!,
  );
  if (operations.length === 0) throw new Error(`${module} ${waiter}: no command found in ${file}`);
  return [...new Set(operations)];
}

type FunctionLike = ts.FunctionLikeDeclaration;

export function deriveActions(): Record<keyof typeof COMMAND_ENTRIES, string[]> {
  const configPath = join(root, 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  )!;
  const program = ts.createProgram(config.fileNames, config.options);
  const checker = program.getTypeChecker();
  const sources = program
    .getSourceFiles()
    .filter((file) => file.fileName.startsWith(join(root, 'src/')) && !file.isDeclarationFile);

  /** What each function calls directly: actions, and other functions. */
  const actionsOf = new Map<ts.Node, Set<string>>();
  const calleesOf = new Map<ts.Node, Set<ts.Node>>();
  /** Interface members (by their declaration) and the functions that implement them. */
  const implementations = new Map<ts.Node, Set<ts.Node>>();

  const functionOf = (declaration: ts.Node | undefined): ts.Node | undefined => {
    if (!declaration) return undefined;
    if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) return declaration;
    if (ts.isVariableDeclaration(declaration) && declaration.initializer) return declaration.initializer;
    if (ts.isPropertyAssignment(declaration)) return declaration.initializer;
    if (ts.isPropertySignature(declaration) || ts.isMethodSignature(declaration)) return declaration;
    if (ts.isPropertyDeclaration(declaration) && declaration.initializer) return declaration.initializer;
    if (ts.isShorthandPropertyAssignment(declaration)) return declaration;
    return undefined;
  };
  /** Declared in src/aws/resources/: a kind's interface, which dispatches by kind, member by member. */
  const isKindType = (type: ts.Type): boolean => {
    const element = checker.isArrayType(type) ? checker.getTypeArguments(type as ts.TypeReference)[0] : type;
    const declaration = (element?.aliasSymbol ?? element?.getSymbol())?.declarations?.[0];
    return Boolean(declaration?.getSourceFile().fileName.includes('/src/aws/resources/'));
  };
  /** A module-level object or array literal of functions that is not a kind: a table. */
  const tableOf = (declaration: ts.VariableDeclaration): ts.Node | undefined => {
    if (isKindType(checker.getTypeAtLocation(declaration.name))) return undefined;
    let initializer = declaration.initializer;
    while (
      initializer &&
      (ts.isAsExpression(initializer) ||
        ts.isSatisfiesExpression(initializer) ||
        ts.isParenthesizedExpression(initializer))
    )
      initializer = initializer.expression;
    // One table named twice (`const PROVISION_TASKS = TABLE`): the literal behind the name.
    if (initializer && ts.isIdentifier(initializer)) {
      const named = resolve(checker.getSymbolAtLocation(initializer))?.declarations?.[0];
      return named && ts.isVariableDeclaration(named) ? tableOf(named) : undefined;
    }
    if (
      !initializer ||
      !(ts.isObjectLiteralExpression(initializer) || ts.isArrayLiteralExpression(initializer))
    )
      return undefined;
    return isKindType(checker.getTypeAtLocation(declaration.name)) ? undefined : initializer;
  };
  const resolve = (symbol: ts.Symbol | undefined): ts.Symbol | undefined =>
    symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const sdkImport = (
    symbol: ts.Symbol | undefined,
  ): { module: string; service: ServiceName; name: string } | undefined => {
    const declaration = symbol?.declarations?.[0];
    if (!declaration || !ts.isImportSpecifier(declaration)) return undefined;
    const module = (declaration.parent.parent.parent.moduleSpecifier as ts.StringLiteral).text;
    const service = PACKAGES[module];
    return service
      ? { module, service, name: (declaration.propertyName ?? declaration.name).text }
      : undefined;
  };

  for (const source of sources) {
    const enclosing: ts.Node[] = [];
    const visit = (node: ts.Node) => {
      const isFunction = ts.isFunctionLike(node) && (node as FunctionLike).body !== undefined;
      if (isFunction) {
        enclosing.push(node);
        actionsOf.set(node, new Set());
        calleesOf.set(node, new Set());
      }
      const current = enclosing.at(-1);
      if (current && (ts.isCallExpression(node) || ts.isNewExpression(node))) {
        const expression = node.expression;
        const symbol = checker.getSymbolAtLocation(
          ts.isPropertyAccessExpression(expression) ? expression.name : expression,
        );
        const sdk = sdkImport(symbol);
        if (sdk && ts.isNewExpression(node) && sdk.name.endsWith('Command'))
          actionsOf.get(current)!.add(iamActionFor(sdk.service, sdk.name.replace(/Command$/, '')));
        else if (sdk?.name.startsWith('waitUntil'))
          for (const operation of waiterOperations(sdk.module, sdk.name))
            actionsOf.get(current)!.add(iamActionFor(sdk.service, operation));
        for (const declaration of resolve(symbol)?.declarations ?? []) {
          const callee = functionOf(declaration);
          if (callee) calleesOf.get(current)!.add(callee);
        }
      }
      // A function passed or assigned anywhere inside runs on behalf of the enclosing one, and so
      // do the functions of a table it reads (the provisioning task table).
      if (current && ts.isIdentifier(node) && !ts.isCallExpression(node.parent)) {
        const symbol = resolve(checker.getSymbolAtLocation(node));
        for (const declaration of symbol?.declarations ?? []) {
          const callee = functionOf(declaration);
          if (callee && callee !== current && ts.isFunctionLike(callee)) calleesOf.get(current)!.add(callee);
          const table = ts.isVariableDeclaration(declaration) ? tableOf(declaration) : undefined;
          if (table) calleesOf.get(current)!.add(table);
        }
      }
      // An object literal's function properties implement its contextual type's members.
      if (
        ts.isPropertyAssignment(node) ||
        ts.isMethodDeclaration(node) ||
        ts.isShorthandPropertyAssignment(node)
      ) {
        const literal = node.parent;
        if (ts.isObjectLiteralExpression(literal)) {
          const type = checker.getContextualType(literal);
          const member = type?.getProperty(node.name.getText(source));
          const implementation = ts.isShorthandPropertyAssignment(node)
            ? functionOf(resolve(checker.getShorthandAssignmentValueSymbol(node))?.declarations?.[0])
            : ts.isMethodDeclaration(node)
              ? node
              : ts.isIdentifier(node.initializer)
                ? functionOf(resolve(checker.getSymbolAtLocation(node.initializer))?.declarations?.[0])
                : node.initializer;
          for (const declaration of member?.declarations ?? []) {
            if (!ts.isPropertySignature(declaration) && !ts.isMethodSignature(declaration)) continue;
            // Only the kinds' interfaces dispatch by kind; a generic one (a graph task's `run`)
            // would join unrelated code paths, whose closures are reached where they are written.
            if (!declaration.getSourceFile().fileName.includes('/src/aws/resources/')) continue;
            if (!implementation) continue;
            const set = implementations.get(declaration) ?? new Set();
            set.add(implementation);
            implementations.set(declaration, set);
          }
        }
      }
      ts.forEachChild(node, visit);
      if (isFunction) enclosing.pop();
    };
    visit(source);
  }

  const engineFile = sources.find((file) => file.fileName.endsWith('src/aws/engine.ts'))!;
  const engineMethods = new Map<string, ts.Node>();
  const findMethods = (node: ts.Node) => {
    if (ts.isClassDeclaration(node) && node.name?.text === 'AwsEngine') {
      for (const member of node.members)
        if (ts.isMethodDeclaration(member) && ts.isIdentifier(member.name))
          engineMethods.set(member.name.text, member);
    }
    ts.forEachChild(node, findMethods);
  };
  findMethods(engineFile);

  const reach = (entries: readonly string[]): string[] => {
    const seen = new Set<ts.Node>();
    const actions = new Set<string>();
    const via = new Map<ts.Node, ts.Node>();
    const describe = (node: ts.Node) => {
      const file = node.getSourceFile();
      const { line } = file.getLineAndCharacterOfPosition(node.getStart());
      return `${file.fileName.replace(`${root}/`, '')}:${line + 1} ${node.getText().slice(0, 50).replace(/\s+/g, ' ')}`;
    };
    const stack = entries.map((name) => {
      const method = engineMethods.get(name);
      if (!method) throw new Error(`AwsEngine has no method ${name}`);
      return method;
    });
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (seen.has(node)) continue;
      seen.add(node);
      for (const action of actionsOf.get(node) ?? []) {
        if (process.env.WHY === action && !actions.has(action)) {
          for (let at: ts.Node | undefined = node; at; at = via.get(at)) console.error('  ', describe(at));
        }
        actions.add(action);
      }
      const push = (next: ts.Node) => {
        if (!seen.has(next) && !via.has(next)) via.set(next, node);
        stack.push(next);
      };
      for (const callee of calleesOf.get(node) ?? []) push(callee);
      for (const implementation of implementations.get(node) ?? []) push(implementation);
      // A function nested in a reached one is reached (callbacks, closures).
      ts.forEachChild(node, function nested(child) {
        if (ts.isFunctionLike(child) && actionsOf.has(child)) push(child);
        else ts.forEachChild(child, nested);
      });
    }
    return [...actions].sort();
  };
  return Object.fromEntries(
    Object.entries(COMMAND_ENTRIES).map(([command, entries]) => [command, reach(entries)]),
  ) as Record<keyof typeof COMMAND_ENTRIES, string[]>;
}

export const CALLED_ACTIONS_FILE = join(root, 'src/aws/called-actions.ts');

/** The generated module's text. */
export function calledActionsModule(table: Record<string, string[]>): string {
  const entries = Object.entries(table)
    .map(
      ([command, actions]) =>
        `  ${command}: [\n${actions.map((action) => `    '${action}',`).join('\n')}\n  ],`,
    )
    .join('\n');
  return `// Generated by scripts/derive-actions.ts (npm run gen:actions) from the source: the AWS actions each
// command can call. Do not edit; a test fails when it is not current.
export const CALLED_ACTIONS = {
${entries}
} as const;
`;
}

if (process.argv[1] === import.meta.filename) {
  writeFileSync(CALLED_ACTIONS_FILE, calledActionsModule(deriveActions()));
}
