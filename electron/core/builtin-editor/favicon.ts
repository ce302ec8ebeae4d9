// The app icon the built-in editor's discovery points at (favIconUrl): a sheet with lines of text and a
// caret on the product's blue-violet tile. Plain shapes only (no text, no scripts), so it renders the same
// in the catalog, the host page and a browser tab, at 16 px as well as at 64 px.
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">
  <defs>
    <linearGradient id="tile" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#2456c4"/>
      <stop offset="1" stop-color="#6d4bc3"/>
    </linearGradient>
  </defs>
  <rect width="64" height="64" rx="14" fill="url(#tile)"/>
  <path d="M20 10h17l11 11v29a4 4 0 0 1-4 4H20a4 4 0 0 1-4-4V14a4 4 0 0 1 4-4z" fill="#ffffff"/>
  <path d="M37 10v8a3 3 0 0 0 3 3h8z" fill="#c9d6f7"/>
  <rect x="22" y="27" width="20" height="3.5" rx="1.75" fill="#2456c4"/>
  <rect x="22" y="35" width="16" height="3.5" rx="1.75" fill="#2456c4" opacity="0.7"/>
  <rect x="22" y="43" width="9" height="3.5" rx="1.75" fill="#2456c4" opacity="0.7"/>
  <rect x="33.5" y="40.5" width="3" height="8.5" rx="1.2" fill="#6d4bc3"/>
</svg>
`
