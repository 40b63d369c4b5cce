// A request body read whole, up to a limit: null past it (the caller answers
// 413, or treats the body as unreadable). For the few places that read a body
// before its route does (oidc/refuse-nul.ts, the device flow's limits).
export async function readCappedBody(
  chunks: AsyncIterable<Buffer | string>,
  limitBytes: number,
): Promise<Buffer | null> {
  const read: Buffer[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > limitBytes) return null;
    read.push(bytes);
  }
  return Buffer.concat(read);
}
