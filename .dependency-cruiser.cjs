// The import graph's rules (DESIGN.md "The parts", STYLE.md "Layout"): a file's
// folder decides what it may import. `npm run lint:deps` checks them; scripts/test.sh
// runs it in its lint step. Layers, lowest first:
//   common/                       the wire contract: imports nothing of ours
//   main/core/                    the desktop engine: common only
//   main/{electron,cli,webshell}/ adapters: core + common, not each other's internals
//   renderer/{desktop,console}/   the two pages (desktop dialogs, admin console): common
//                                 and their own folder only, never each other
//   backend: base (db, crypto, audit, clock, log, config) < access/ < the protocol
//            folders (saml, oidc, scim, licensing, domains, integration, console, …)
//            < wiring (app.ts, server.ts, cli/)
//   devtools/, bench/, test/, scripts/ may import anything; nothing imports them.
const base = '^backend/(db|crypto|audit)/|^backend/(clock|log|config)[.]ts$';
const access = '^backend/access/';
const protocols =
  '^backend/(saml|oidc|scim|licensing|domains|integration|console|accounts|devidp|http|metrics)/|^backend/service-deps[.]ts$';
const wiring = '^backend/(app|server)[.]ts$|^backend/cli/';
const ours = '^(backend|common|main|renderer|devtools|bench|test|scripts)/';

// The protocol folders among themselves, lowest first: a folder imports only folders
// ranked below it (or beside it), so no two folders import each other. (service-deps.ts,
// the deps bag every route takes, names a few use-case types and stands outside the order.)
const protocolRanks = [
  ['accounts', 'http', 'metrics'],
  ['console'],
  ['domains'],
  ['saml'],
  ['oidc'],
  ['licensing'],
  ['scim'],
  ['integration'],
  ['devidp'],
];
const protocolOrder = protocolRanks.flatMap((folders, rank) => {
  const above = protocolRanks.slice(rank + 1).flat();
  return above.length === 0
    ? []
    : folders.map((folder) => ({
        name: `protocol-order-${folder}`,
        severity: 'error',
        comment: `backend/${folder}/ imports no protocol folder ranked above it (${above.join(', ')}).`,
        from: { path: `^backend/${folder}/` },
        to: { path: `^backend/(${above.join('|')})/` },
      }));
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No two files import each other, directly or round a loop.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'common-imports-nothing-of-ours',
      severity: 'error',
      comment: 'common/ is the wire contract both sides import: it depends on no folder of ours.',
      from: { path: '^common/' },
      to: { path: ours, pathNot: '^common/' },
    },
    {
      name: 'core-imports-only-common',
      severity: 'error',
      comment: 'main/core/ is plain Node, testable without Electron: the contract and itself only.',
      from: { path: '^main/core/' },
      to: { path: ours, pathNot: '^(common|main/core)/' },
    },
    {
      name: 'desktop-adapters-apart',
      severity: 'error',
      comment: "main/electron, main/cli and main/webshell use core and common, never each other's files.",
      from: { path: '^main/(electron|cli|webshell)/' },
      to: { path: ours, pathNot: ['^(common|main/core)/', '^main/$1/'] },
    },
    {
      name: 'renderer-imports-only-common',
      severity: 'error',
      comment: 'The renderer runs in a sandboxed page: the wire contract and itself only.',
      from: { path: '^renderer/' },
      to: { path: ours, pathNot: '^(common|renderer)/' },
    },
    {
      name: 'renderer-products-apart',
      severity: 'error',
      comment:
        'renderer/desktop (the dialogs) and renderer/console (the admin console) are two pages: each imports its own folder, never the other.',
      from: { path: '^renderer/([^/]+)/' },
      to: { path: '^renderer/', pathNot: '^renderer/$1/' },
    },
    {
      name: 'backend-not-into-the-app',
      severity: 'error',
      comment: 'The service never imports the desktop app.',
      from: { path: '^backend/' },
      to: { path: '^(main|renderer)/' },
    },
    {
      name: 'backend-base-imports-no-layer-above',
      severity: 'error',
      comment: 'db, crypto, audit, clock, log, config sit under everything else in the service.',
      from: { path: base },
      to: { path: [access, protocols, wiring] },
    },
    {
      name: 'access-imports-no-protocol',
      severity: 'error',
      comment: 'access/ decides for every wire: it never imports one of them, nor the wiring.',
      from: { path: access },
      to: { path: [protocols, wiring], pathNot: '^backend/(http/api-error|accounts/user-row)[.]ts$' },
    },
    {
      name: 'protocols-import-no-wiring',
      severity: 'error',
      comment: 'The composition roots (app.ts, server.ts, the CLI) import the protocols, never back.',
      from: { path: [protocols, access, base] },
      to: { path: wiring },
    },
    ...protocolOrder,
    {
      name: 'nothing-imports-dev-and-tests',
      severity: 'error',
      comment:
        'devtools/, bench/, test/ and scripts/ may import anything; shipped code imports none of them.',
      from: { path: '^(backend|common|main|renderer)/' },
      to: { path: '^(devtools|bench|test|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|out|dist|data|test-results|[.]toolchain)/|[.]generated[.]js$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['es6', 'cjs'],
  },
};
