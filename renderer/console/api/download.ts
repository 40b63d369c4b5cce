// A console export saved as a file: fetched like every console call (the
// session cookie and this tab's workspace header, which a plain link cannot
// carry), then handed to the browser's download under the service's file name.
import { ConsoleApiError, errorFromResponse } from './client.ts';
import { currentWorkspace } from './workspace.ts';

function fileNameOf(disposition: string | null, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(disposition ?? '');
  return match?.[1] ?? fallback;
}

export async function downloadFile(path: string, fallbackName: string): Promise<string> {
  const headers: Record<string, string> = {};
  const workspace = currentWorkspace();
  if (workspace) headers['latchkey-workspace'] = workspace;
  let res: Response;
  try {
    res = await fetch(path, { headers, credentials: 'same-origin' });
  } catch {
    throw new ConsoleApiError(0, 'unreachable', 'the service cannot be reached: check your connection');
  }
  if (!res.ok) {
    const body: unknown = await res.json().catch(() => null);
    throw errorFromResponse(res.status, body);
  }
  const name = fileNameOf(res.headers.get('content-disposition'), fallbackName);
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
