// A module-resolution hook that answers `import 'electron'` with the mock
// (electron-mock.ts), so the bundled main process can run under plain Node
// on machines without Electron's binary. Loaded with `node --import`.
import { register } from 'node:module';

const mock = new URL('./electron-mock.ts', import.meta.url).href;
const hook = `export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: ${JSON.stringify(mock)}, shortCircuit: true };
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
