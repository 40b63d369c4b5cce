// npm run bench: every benchmark, one after the other, printing JSON.
// BENCH=scim, BENCH=scim-concurrency, BENCH=saml, BENCH=licensing or BENCH=desktop runs one.
const only = process.env.BENCH;
if (!only || only === 'saml') await import('./saml-bench.ts');
if (!only || only === 'scim') await import('./scim-bench.ts');
if (!only || only === 'scim-concurrency') await import('./scim-concurrency-bench.ts');
if (!only || only === 'licensing') await import('./licensing-bench.ts');
if (!only || only === 'desktop') await import('./desktop-bench.ts');
