/** The Electron executable, or null when it is not installed (scripts/electron-binary.mjs). */
export function electronBinary(): string | null
