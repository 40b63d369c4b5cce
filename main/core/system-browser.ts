// The system browser outside Electron (the CLI, the webshell's launcher):
// the OS's own opener, never an embedded view.
import { spawn } from 'node:child_process';

export function openSystemBrowser(url: string, platform: NodeJS.Platform = process.platform): Promise<void> {
  const [command, args] =
    platform === 'darwin'
      ? ['open', [url]]
      : platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
        : ['xdg-open', [url]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.once('error', (err) =>
      reject(new Error(`could not open the browser (${command}): ${err.message}`)),
    );
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
