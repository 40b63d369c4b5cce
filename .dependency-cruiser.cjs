// The import graph's rules (DESIGN.md "The parts", STYLE.md "Layout"): a file's
// folder decides what it may import. `npm run lint:deps` checks them; scripts/test.sh
// runs it in its lint step. Layers, lowest first:
//   common/                       the wire contract: imports nothing of ours
//   main/core/                    the desktop engine: common only
//   main/{electron,cli,webshell}/ adapters: core + common, not each other's internals
//   renderer/{desktop,console}/   the two pages (desktop dialogs, admin console): common
//                                 and their own folder only, never each other
//   backend, lowest first:
//     base    db, crypto, audit, events (the outbox), clock, log, config
//     floor   access/ (the one access decision) < http/ (HTTP plumbing: errors, limits,
//             console sessions) < accounts/ (accounts and passwords); service-deps.ts (the
//             deps bag every route takes) imports only the base
//     protocols  saml, scim, oidc, licensing, integration, domains, metrics, events-api: siblings on the
//             floor, each its own wire; one imports another only through that folder's
//             named port (a small module listed in `ports` below), never its other files
//     features   console/ (the admin console's own features) and devidp/ (the development
//             IdP): above the protocols, which they may use; not each other
//     wiring  app.ts, server.ts, serve-workers.ts, cli/ (the composition roots)
//   devtools/, bench/, test/, scripts/ may import anything; nothing imports them.
const base = '^backend/(db|crypto|audit|events)/|^backend/(clock|log|config)[.]ts$';
const access = '^backend/access/';
const floor = '^backend/(access|http|accounts)/|^backend/service-deps[.]ts$';
const protocolFolders = 'saml|scim|oidc|licensing|integration|domains|metrics|events-api|webhooks';
const protocols = `^backend/(${protocolFolders})/`;
const features = '^backend/(console|devidp)/';
const wiring = '^backend/(app|server|serve-workers)[.]ts$|^backend/cli/';
const ours = '^(backend|common|main|renderer|devtools|bench|test|scripts)/';

// The named ports: what a protocol folder offers its siblings (and only this).
const ports = ['^backend/saml/port[.]ts$', '^backend/oidc/port[.]ts$', '^backend/scim/port[.]ts$'];

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
      to: { path: [floor, protocols, features, wiring] },
    },
    {
      name: 'floor-imports-no-protocol',
      severity: 'error',
      comment:
        'access/, http/, accounts/ and service-deps.ts are the floor every protocol stands on: they import no protocol, feature or wiring.',
      from: { path: floor },
      to: { path: [protocols, features, wiring] },
    },
    {
      name: 'access-imports-no-floor',
      severity: 'error',
      comment:
        'Within the floor, access/ < http/ < accounts/: access/ decides for every wire and imports none of the floor; http/ imports no accounts/ (service-deps.ts imports only the base).',
      from: { path: access },
      to: { path: '^backend/(http|accounts)/|^backend/service-deps[.]ts$' },
    },
    {
      name: 'http-imports-no-accounts',
      severity: 'error',
      comment: 'Within the floor, access/ < http/ < accounts/.',
      from: { path: '^backend/http/|^backend/service-deps[.]ts$' },
      to: { path: '^backend/accounts/' },
    },
    {
      name: 'service-deps-imports-only-the-base',
      severity: 'error',
      comment: 'The deps bag every route takes names only base types: 0 arrows up.',
      from: { path: '^backend/service-deps[.]ts$' },
      to: { path: [access, '^backend/(http|accounts)/'] },
    },
    {
      name: 'protocols-apart',
      severity: 'error',
      comment:
        "A protocol folder imports no sibling's files, only a sibling's named port (`ports` in this file).",
      from: { path: protocols },
      to: { path: protocols, pathNot: ['^backend/$1/', ...ports] },
    },
    {
      name: 'protocols-import-no-feature',
      severity: 'error',
      comment: 'The console and the development IdP use the protocols, never the other way round.',
      from: { path: protocols },
      to: { path: features },
    },
    {
      name: 'features-apart',
      severity: 'error',
      comment: "console/ and devidp/ do not import each other's files.",
      from: { path: features },
      to: { path: features, pathNot: '^backend/$1/' },
    },
    {
      name: 'nothing-imports-the-wiring',
      severity: 'error',
      comment:
        'The composition roots (app.ts, server.ts, serve-workers.ts, the CLI) import the rest, never back.',
      from: { path: [features, protocols, floor, base] },
      to: { path: wiring },
    },
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
