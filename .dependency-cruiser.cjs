// The house's layer rule, checked by `npm run lint:layers` (part of `npm test`). Each room may import
// only the rooms below it:
//   commands (and cli.tsx) → app → screens → flows → state → wording → model
//   engine (aws, kubernetes) → local → model
// commands may use the engine and local; app and flows reach the engine only lazily (import()), through
// the Engine port in model/engine.ts, so the first frame never loads the SDK. DESIGN.md section 8.

const ROOM = {
  commands: '^src/(cli\\.tsx$|commands/)',
  app: '^src/app\\.tsx$',
  screens: '^src/screens/',
  flows: '^src/flows/',
  state: '^src/state/',
  wording: '^src/wording/',
  model: '^src/(model/|version\\.ts$)',
  engine: '^src/(aws|kubernetes)/',
  local: '^src/local/',
};

/** A rule: files of `room` may import, within src/, only files of `allowed` (and their own room). */
function onlyBelow(room, allowed, comment) {
  return {
    name: `${room}-imports-only-below`,
    comment,
    severity: 'error',
    from: { path: ROOM[room] },
    to: { path: '^src/', pathNot: [ROOM[room], ...allowed.map((name) => ROOM[name])] },
  };
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle ties two rooms into one: split the shared part into the lower room.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    onlyBelow(
      'app',
      ['screens', 'flows', 'state', 'wording', 'model', 'local', 'engine'],
      'The app mounts screens, runs the flows and keeps the choice store; it never imports a command.',
    ),
    onlyBelow(
      'screens',
      ['flows', 'state', 'wording', 'model'],
      'Screens render state and dispatch intents: no engine, no files, no app or command.',
    ),
    onlyBelow(
      'flows',
      ['state', 'wording', 'model', 'engine'],
      'Flows turn engine answers into reducer actions; they never import a screen, the app or a command.',
    ),
    onlyBelow('state', ['wording', 'model'], 'Reducers are pure: no engine, no files, no hooks or views.'),
    onlyBelow('wording', ['model'], 'Wording (shared text) builds on the model only.'),
    onlyBelow('model', [], 'The model is what every room shares: it imports no other room.'),
    onlyBelow(
      'engine',
      ['local', 'model'],
      'The engine (aws, kubernetes) is UI-free: it uses local files and the model, never the UI rooms.',
    ),
    onlyBelow('local', ['model'], 'Local files (paths, locks, stores) build on the model only.'),
    {
      name: 'engine-only-lazily-from-app-and-flows',
      comment:
        'The app and the flows load the engine with import() when a flow first needs AWS, and talk to it ' +
        'through the Engine port (model/engine.ts): a static import would put the SDK in the first frame.',
      severity: 'error',
      from: { path: `${ROOM.app}|${ROOM.flows}` },
      to: { path: ROOM.engine, dynamic: false },
    },
    {
      name: 'sdk-only-in-the-aws-engine',
      comment: 'Only src/aws talks to AWS: no screen (nor any other room) imports @aws-sdk/*.',
      severity: 'error',
      from: { pathNot: '^src/aws/' },
      to: { path: '(^|/)node_modules/@aws-sdk/' },
    },
    {
      name: 'no-ui-in-the-engine',
      comment: 'The engine, local files and the model are UI-free: no ink, no react.',
      severity: 'error',
      from: { path: `${ROOM.engine}|${ROOM.local}|${ROOM.model}` },
      to: { path: '(^|/)node_modules/(ink|ink-[^/]+|react|react-[^/]+)/' },
    },
    {
      name: 'no-ui-in-reducers-and-wording',
      comment: 'Reducers and wording are unit-tested without Ink: no ink, no react.',
      severity: 'error',
      from: { path: `${ROOM.state}|${ROOM.wording}` },
      to: { path: '(^|/)node_modules/(ink|ink-[^/]+|react|react-[^/]+)/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a room that names another's types depends on it all the same.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
