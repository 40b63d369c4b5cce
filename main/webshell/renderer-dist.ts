// Where the renderer's build lands (scripts/build-renderer.ts writes it, the
// webshell serves it): one constant, so moving the renderer is a one-line change.
export const rendererDist = new URL('../../renderer/dist/', import.meta.url);
