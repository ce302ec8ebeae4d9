import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

// One build for everything that ships: the Electron main process and the `wopi-desk` CLI share the main
// bundle (both are Node code over electron/core), the sandboxed preload is CommonJS (stack-notes G9), and
// the renderer holds three pages: the console, the host page an editor is framed in, and the built-in editor.
export default defineConfig({
  main: {
    build: {
      // The CLI runs on the workstation's Node 20; Electron 45's Node is newer, so node20 suits both.
      target: 'node20',
      rolldownOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          cli: resolve('electron/cli/index.ts'),
          // A worker thread's entry of its own: the serving host writes the traffic log from it.
          'request-log-worker': resolve('electron/core/db/request-log-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rolldownOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      minify: true,
      rolldownOptions: {
        input: {
          index: resolve('renderer/index.html'),
          host: resolve('renderer/host.html'),
          editor: resolve('renderer/editor.html'),
        },
      },
    },
  },
})
