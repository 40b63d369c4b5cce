// npm run bench: every benchmark, one after the other, printing JSON.
await import('./scim-bench.ts');
