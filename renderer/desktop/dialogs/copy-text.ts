// Copies to the clipboard; false where the browser refuses (then the dialog shows the text to copy by hand).
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
