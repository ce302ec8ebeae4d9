declare module 'utf7' {
  export function encode(value: string, mask?: string): string
  export function decode(value: string): string
  export function encodeAll(value: string): string
  export const imap: {
    encode(value: string): string
    decode(value: string): string
  }
  const utf7: {
    encode: typeof encode
    decode: typeof decode
    encodeAll: typeof encodeAll
    imap: typeof imap
  }
  export default utf7
}
