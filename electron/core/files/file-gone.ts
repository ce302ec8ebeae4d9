/** The id is unknown, the file was deleted, or it is no longer on disk: 404 for WOPI. */
export class FileGoneError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'FileGoneError'
  }
}
