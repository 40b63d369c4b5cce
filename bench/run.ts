// npm run bench: every benchmark, each in its own process, then
// bench/report.md and bench/report.json (bench/report.ts). BENCH=saml (or a
// comma list of saml, scim, licensing, desktop, scale), or the names as
// arguments (`node bench/run.ts scale`), runs only those.
await import('./report.ts');
