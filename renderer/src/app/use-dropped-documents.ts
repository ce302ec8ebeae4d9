import { useEffect } from 'react'

// In the desktop app, documents dropped anywhere on the console open in their editors, as a double-click in the
// file manager would. A drop a page handles itself (the Files list uploads into its folder) is left to it.

export function useDroppedDocuments(notifyError: (message: string) => void): void {
  useEffect(() => {
    const open = typeof window !== 'undefined' ? window.wopiDesk?.openDroppedFiles : undefined
    if (typeof open !== 'function') return
    const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') === true
    const onDragOver = (event: DragEvent) => {
      if (event.defaultPrevented || !carriesFiles(event)) return
      event.preventDefault()
      event.dataTransfer!.dropEffect = 'copy'
    }
    const onDrop = (event: DragEvent) => {
      if (event.defaultPrevented || !carriesFiles(event)) return
      event.preventDefault()
      open([...event.dataTransfer!.files]).catch((error: unknown) => notifyError((error as { message?: string })?.message ?? String(error)))
    }
    window.addEventListener('dragover', onDragOver)
    window.addEventListener('drop', onDrop)
    return () => {
      window.removeEventListener('dragover', onDragOver)
      window.removeEventListener('drop', onDrop)
    }
  }, [notifyError])
}
