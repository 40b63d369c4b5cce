// Electron's security checklist, applied once: no <webview>, no permission
// but writing to the clipboard (Copy link, Copy diagnostic report), and no
// new window or navigation from any web contents.
import { app, session, type Session } from 'electron';

const allowedPermissions = new Set(['clipboard-sanitized-write']);

export function hardenSession(target: Session = session.defaultSession): void {
  target.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(allowedPermissions.has(permission)),
  );
  target.setPermissionCheckHandler((_contents, permission) => allowedPermissions.has(permission));
}

export function refuseWebviews(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}
