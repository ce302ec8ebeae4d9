// The system's folder picker, offered by the desktop app's preload only; in a browser (`wopi-desk serve`) there is
// none and the console asks for a typed path instead.

export function systemFolderPicker(): (() => Promise<string | null>) | null {
  const bridge = typeof window !== 'undefined' ? window.wopiDesk : undefined
  return typeof bridge?.pickPath === 'function' ? () => bridge.pickPath!('folder') : null
}
