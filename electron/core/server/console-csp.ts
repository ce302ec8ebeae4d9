/**
 * The console's Content-Security-Policy, sent as a header both by the HTTP console listener and by the desktop
 * app's wopi-desk:// scheme (Electron security checklist item 7). Emotion (MUI) injects <style> elements at
 * run time, hence style-src 'unsafe-inline'; scripts come only from the app itself.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

/** For an icon an admin uploaded: even opened on its own, an SVG may not run script. */
export const ICON_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
