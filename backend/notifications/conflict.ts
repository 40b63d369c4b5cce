/** Another runner moved a notifier cursor first: this transaction is rolled back and its work is theirs. */
export class ConflictError extends Error {
  override name = 'NotificationConflictError';
}
