/** A PKI failure the caller can show as is: it names the input and says what is wrong with it. */
export class PkiError extends Error {
  constructor(
    message: string,
    /** the file or object the error is about, when there is one */
    readonly input?: string,
  ) {
    super(input ? `${input}: ${message}` : message);
    this.name = 'PkiError';
  }
}
