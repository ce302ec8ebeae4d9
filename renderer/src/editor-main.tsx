import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { EditorRoot } from './editor/EditorRoot'

// Entry of the built-in editor's page (renderer/editor.html), served by the editor server from its own
// origin. The host-page listener starts with the module graph (editor/host-bridge), before React renders.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <EditorRoot />
  </StrictMode>,
)
