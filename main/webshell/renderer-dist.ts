// Where the desktop renderer's build lands (scripts/build-renderer.ts writes it, the
// webshell serves it): one constant, so moving the renderer is a one-line change.
export const rendererDist = new URL('../../renderer/desktop/dist/', import.meta.url);
