// Sizes in the core's messages (doctor findings, discovery and icon errors, CLI output): binary units with the
// IEC names, whole KiB, one decimal from MiB on. The console shows file sizes its own way
// (renderer/src/components/format.ts: "1.5 KB", as file managers do).

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${oneDecimal(bytes / 1024 ** 3)} GiB`
  if (bytes >= 1024 ** 2) return `${oneDecimal(bytes / 1024 ** 2)} MiB`
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`
  return `${bytes} bytes`
}

const oneDecimal = (value: number): number => Math.round(value * 10) / 10
